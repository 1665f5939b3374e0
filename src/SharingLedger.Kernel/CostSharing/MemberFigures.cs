namespace SharingLedger.Kernel.CostSharing;

/// <summary>The figures of one member that a rule may read, as they stood on the date that counts.</summary>
public sealed record MemberFigures(string MemberId, IReadOnlyDictionary<BasisAttribute, decimal> Figures)
{
    public decimal Get(BasisAttribute attribute) => Figures.TryGetValue(attribute, out var v) ? v : 0m;
}
