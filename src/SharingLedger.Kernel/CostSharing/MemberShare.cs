using SharingLedger.Kernel.Arithmetic;

namespace SharingLedger.Kernel.CostSharing;

/// <summary>
/// One member's share of a cost, with what explains it: the exact fraction of the cost the rule gave
/// it, the exact amount in minor units before rounding, and the minor units rounding added (0 or ±1).
/// </summary>
public sealed record MemberShare(
    string MemberId,
    Money.Money Amount,
    Fraction Weight,
    Fraction ExactMinor,
    long RoundingAdjustmentMinor,
    IReadOnlyDictionary<BasisAttribute, decimal> Inputs);
