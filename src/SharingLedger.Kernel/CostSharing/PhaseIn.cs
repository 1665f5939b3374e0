namespace SharingLedger.Kernel.CostSharing;

/// <summary>
/// Moving from the previous percentages to the rule's over <see cref="Years"/> years: in year t each
/// member's fraction is p_old + (t/N)·(p_new − p_old). A member with no previous percentage starts at 0.
/// </summary>
/// <param name="Years">N, the length of the phase-in (at least 1).</param>
/// <param name="Year">t, the year being apportioned (1 to N; year N is the rule itself).</param>
/// <param name="PreviousPercentages">p_old by member id; they add up to 100.</param>
public sealed record PhaseIn(int Years, int Year, IReadOnlyDictionary<string, decimal> PreviousPercentages);
