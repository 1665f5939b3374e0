using M = SharingLedger.Kernel.Money.Money;

namespace SharingLedger.Kernel.CostSharing;

/// <summary>
/// What may change the shares a rule gives: per-member caps and floors (whole amounts in the cost's
/// currency; <see cref="ShareCaps"/> computes caps of each kind) and a phase-in from previous percentages.
/// A capped member is pinned at its cap and the excess is spread over the others by the same rule until
/// nobody is over; what nobody can carry becomes the apportionment's shortfall.
/// </summary>
public sealed record ShareModifiers(
    IReadOnlyDictionary<string, M>? Caps = null,
    IReadOnlyDictionary<string, M>? Floors = null,
    PhaseIn? PhaseIn = null)
{
    public static readonly ShareModifiers None = new();

    public bool IsNone => (Caps is null || Caps.Count == 0) && (Floors is null || Floors.Count == 0) && PhaseIn is null;
}
