namespace SharingLedger.Kernel.CostSharing;

/// <summary>
/// A cost-sharing rule as data, so that it can be written into an agreement and stored in events.
/// Only the fields its <see cref="Method"/> reads are used; <see cref="RuleValidation"/> says which.
/// </summary>
/// <param name="Method">How to split.</param>
/// <param name="Attribute">Proportional: the attribute to split on. Banded: the attribute that places members in bands.</param>
/// <param name="EqualBase">Weighted: α, the part of the cost split equally (0 to 1).</param>
/// <param name="Weights">Weighted: the weight of each attribute in the remainder; they add up to 1.</param>
/// <param name="Percentages">Fixed: each member's percentage, by member id; they add up to 100.</param>
/// <param name="Bands">Banded: the bands, each with a lower bound and either a weight or a price per member.</param>
public sealed record CostSharingRule(
    SharingMethod Method,
    BasisAttribute? Attribute = null,
    decimal EqualBase = 0m,
    IReadOnlyDictionary<BasisAttribute, decimal>? Weights = null,
    IReadOnlyDictionary<string, decimal>? Percentages = null,
    IReadOnlyList<CostBand>? Bands = null)
{
    public static CostSharingRule Equal() => new(SharingMethod.Equal);
    public static CostSharingRule ProportionalTo(BasisAttribute attribute) => new(SharingMethod.Proportional, attribute);
    public static CostSharingRule WeightedBy(decimal equalBase, IReadOnlyDictionary<BasisAttribute, decimal> weights) =>
        new(SharingMethod.Weighted, EqualBase: equalBase, Weights: weights);
    public static CostSharingRule FixedPercentages(IReadOnlyDictionary<string, decimal> percentages) =>
        new(SharingMethod.Fixed, Percentages: percentages);
    public static CostSharingRule BandedBy(BasisAttribute attribute, IReadOnlyList<CostBand> bands) =>
        new(SharingMethod.Banded, attribute, Bands: bands);

    /// <summary>The member attributes this rule reads.</summary>
    public IEnumerable<BasisAttribute> AttributesUsed() => Method switch
    {
        SharingMethod.Proportional or SharingMethod.Banded when Attribute is { } a => [a],
        SharingMethod.Weighted when Weights is not null => Weights.Where(w => w.Value != 0).Select(w => w.Key),
        _ => [],
    };

    /// <summary>A one-line description, e.g. "weighted: 30% equal, 35% fte, 35% budget".</summary>
    public string Describe() => Method switch
    {
        SharingMethod.Equal => "equal",
        SharingMethod.Proportional => $"proportional to {Attribute?.ToString().ToLowerInvariant()}",
        SharingMethod.Weighted => $"weighted: {EqualBase * 100:0.##}% equal" + string.Concat(
            (Weights ?? new Dictionary<BasisAttribute, decimal>()).OrderBy(w => w.Key)
            .Select(w => $", {(1 - EqualBase) * w.Value * 100:0.##}% {w.Key.ToString().ToLowerInvariant()}")),
        SharingMethod.Fixed => "fixed percentages",
        SharingMethod.Banded => $"banded by {Attribute?.ToString().ToLowerInvariant()}: {Bands?.Count ?? 0} bands" +
            (Bands is { Count: > 0 } && Bands.All(b => b.Price is not null) ? " priced per member" : " weighted"),
        _ => Method.ToString(),
    };
}
