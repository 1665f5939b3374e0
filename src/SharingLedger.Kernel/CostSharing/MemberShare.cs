using SharingLedger.Kernel.Arithmetic;

namespace SharingLedger.Kernel.CostSharing;

/// <summary>
/// One member's share of a cost, with what explains it: the exact fraction of the cost the rule gave
/// it, the exact amount in minor units before rounding, and the minor units rounding added (0 or ±1).
/// </summary>
/// <param name="Weight">The member's fraction of the cost before caps and floors (after any phase-in).</param>
/// <param name="ExactMinor">The exact share in minor units after caps and floors, before rounding.</param>
/// <param name="CapApplied">The cap the member was pinned at, if its share by the rule went over it.</param>
/// <param name="FloorApplied">The floor the member was pinned at, if its share by the rule fell under it.</param>
/// <param name="PhaseInYear">The year t of a phase-in that set <see cref="Weight"/>, if any.</param>
/// <param name="RuleWeight">With a phase-in: the fraction the rule alone would give (p_new).</param>
/// <param name="PreviousWeight">With a phase-in: the member's previous fraction (p_old).</param>
public sealed record MemberShare(
    string MemberId,
    Money.Money Amount,
    Fraction Weight,
    Fraction ExactMinor,
    long RoundingAdjustmentMinor,
    IReadOnlyDictionary<BasisAttribute, decimal> Inputs,
    Money.Money? CapApplied = null,
    Money.Money? FloorApplied = null,
    int? PhaseInYear = null,
    Fraction? RuleWeight = null,
    Fraction? PreviousWeight = null)
{
    /// <summary>True when the member pays its cap, not its share by the rule.</summary>
    public bool Capped => CapApplied is not null;

    /// <summary>True when the member pays its floor, not its share by the rule.</summary>
    public bool Floored => FloorApplied is not null;
}
