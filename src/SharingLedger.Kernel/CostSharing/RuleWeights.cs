using SharingLedger.Kernel.Arithmetic;

namespace SharingLedger.Kernel.CostSharing;

/// <summary>
/// Turns a rule and the members' figures into each member's exact fraction of the cost.
/// The fractions add up to exactly one.
/// </summary>
public static class RuleWeights
{
    public static IReadOnlyDictionary<string, Fraction> Compute(CostSharingRule rule, IReadOnlyList<MemberFigures> members)
    {
        var errors = RuleValidation.Check(rule).ToList();
        if (members.Count == 0) errors.Add(new("members", "There are no members to share the cost."));
        if (members.Select(m => m.MemberId).Distinct(StringComparer.Ordinal).Count() != members.Count)
            errors.Add(new("members", "A member is listed twice."));
        if (errors.Count > 0) throw new CostSharingException(errors);

        return rule.Method switch
        {
            SharingMethod.Equal => members.ToDictionary(m => m.MemberId, _ => new Fraction(1, members.Count), StringComparer.Ordinal),
            SharingMethod.Proportional => Proportional(members, rule.Attribute!.Value),
            SharingMethod.Weighted => Weighted(rule, members),
            SharingMethod.Fixed => Fixed(rule, members),
            SharingMethod.Banded => BandedWeights.Compute(rule, members),
            _ => throw new CostSharingException([new("rule.method", $"Unknown method '{rule.Method}'.")]),
        };
    }

    private static Dictionary<string, Fraction> Proportional(IReadOnlyList<MemberFigures> members, BasisAttribute attribute)
    {
        var values = members.ToDictionary(m => m.MemberId, m => Fraction.FromDecimal(m.Get(attribute)), StringComparer.Ordinal);
        var negative = values.Where(v => v.Value.Sign < 0).Select(v => v.Key).ToList();
        if (negative.Count > 0)
            throw new CostSharingException([new($"members.{Field(attribute)}", $"Negative {Field(attribute)} for {string.Join(", ", negative)}.")]);
        var total = values.Values.Aggregate(Fraction.Zero, (a, b) => a + b);
        if (total.IsZero)
            throw new CostSharingException([new($"members.{Field(attribute)}", $"The members' {Field(attribute)} adds up to zero; there is nothing to split on.")]);
        return values.ToDictionary(v => v.Key, v => v.Value / total, StringComparer.Ordinal);
    }

    private static Dictionary<string, Fraction> Weighted(CostSharingRule rule, IReadOnlyList<MemberFigures> members)
    {
        var alpha = Fraction.FromDecimal(rule.EqualBase);
        var equalPart = alpha / new Fraction(members.Count);
        var result = members.ToDictionary(m => m.MemberId, _ => equalPart, StringComparer.Ordinal);
        foreach (var (attribute, weight) in rule.Weights ?? new Dictionary<BasisAttribute, decimal>())
        {
            // An attribute that carries no part of the cost is not read: with α = 1 the attribute
            // weights do not matter, and a zero total there must not make the rule fail.
            var factor = (Fraction.One - alpha) * Fraction.FromDecimal(weight);
            if (factor.IsZero) continue;
            var share = Proportional(members, attribute);
            foreach (var (id, fraction) in share) result[id] += factor * fraction;
        }
        return result;
    }

    private static Dictionary<string, Fraction> Fixed(CostSharingRule rule, IReadOnlyList<MemberFigures> members)
    {
        var percentages = rule.Percentages!;
        var ids = members.Select(m => m.MemberId).ToHashSet(StringComparer.Ordinal);
        var unknown = percentages.Keys.Where(k => !ids.Contains(k)).ToList();
        var missing = ids.Where(id => !percentages.ContainsKey(id)).ToList();
        var errors = new List<RuleViolation>();
        if (unknown.Count > 0) errors.Add(new("rule.percentages", $"Percentages name members who do not share this cost: {string.Join(", ", unknown)}."));
        if (missing.Count > 0) errors.Add(new("rule.percentages", $"No percentage for: {string.Join(", ", missing)}."));
        if (errors.Count > 0) throw new CostSharingException(errors);
        return members.ToDictionary(m => m.MemberId, m => Fraction.FromDecimal(percentages[m.MemberId]) / new Fraction(100), StringComparer.Ordinal);
    }

    private static string Field(BasisAttribute attribute) => attribute.ToString().ToLowerInvariant();
}
