using SharingLedger.Kernel.Arithmetic;

namespace SharingLedger.Kernel.CostSharing;

/// <summary>Places each member in its band and weighs it by the band's weight or price.</summary>
internal static class BandedWeights
{
    public static Dictionary<string, Fraction> Compute(CostSharingRule rule, IReadOnlyList<MemberFigures> members)
    {
        var attribute = rule.Attribute!.Value;
        var field = $"members.{attribute.ToString().ToLowerInvariant()}";
        var bands = rule.Bands!.OrderByDescending(b => b.From).ToList();
        var errors = new List<RuleViolation>();
        var basis = new Dictionary<string, Fraction>(StringComparer.Ordinal);
        foreach (var member in members)
        {
            var value = member.Get(attribute);
            var band = bands.FirstOrDefault(b => b.From <= value);
            if (band is null)
                errors.Add(new(field, $"{member.MemberId} has {value}, below the lowest band ({bands[^1].From})."));
            else
                basis[member.MemberId] = Fraction.FromDecimal(band.Basis);
        }
        if (errors.Count > 0) throw new CostSharingException(errors);
        var total = basis.Values.Aggregate(Fraction.Zero, (a, b) => a + b);
        if (total.IsZero)
            throw new CostSharingException([new("rule.bands", "Every member falls in a band of weight or price zero; there is nothing to split on.")]);
        return basis.ToDictionary(b => b.Key, b => b.Value / total, StringComparer.Ordinal);
    }
}
