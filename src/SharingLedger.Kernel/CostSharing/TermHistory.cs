using M = SharingLedger.Kernel.Money.Money;

namespace SharingLedger.Kernel.CostSharing;

/// <summary>
/// The two figures a renewed term's pricing reads from the terms before it, kept apart because from the
/// second year of a phase-in they differ:
/// <list type="bullet">
/// <item><see cref="LastTermShares"/>: what each member paid in the term just ended (the increase cap's base);</item>
/// <item><see cref="SharesBeforePhaseIn"/>: what each member paid in the term before the phase-in began (p_old of
/// every year of the phase-in: year t = p_old + t/N·(p_new − p_old), never a blend of a blend).</item>
/// </list>
/// </summary>
/// <param name="PhaseInYear">t, the year of the phase-in this term is; null when no phase-in is under way.</param>
public sealed record TermHistory<TKey>(
    IReadOnlyDictionary<TKey, M> LastTermShares,
    IReadOnlyDictionary<TKey, M>? SharesBeforePhaseIn,
    int? PhaseInYear) where TKey : notnull
{
    /// <summary>
    /// The history of the next term, once this one ends with <paramref name="sharesOfThisTerm"/> (null when it was never
    /// apportioned). A phase-in under way moves on a year from the same starting shares; otherwise an apportioned
    /// term's shares become the starting point of a phase-in whose year 1 is the next term.
    /// </summary>
    public TermHistory<TKey> Renew(IReadOnlyDictionary<TKey, M>? sharesOfThisTerm)
    {
        var last = sharesOfThisTerm ?? new Dictionary<TKey, M>();
        if (PhaseInYear is { } year) return new(last, SharesBeforePhaseIn ?? LastTermShares, year + 1);
        return sharesOfThisTerm is null ? new(last, null, null) : new(last, last, 1);
    }

    /// <summary>The shares p_old is read from: the shares before the phase-in, or last term's when none were recorded.</summary>
    public IReadOnlyDictionary<TKey, M> PhaseInStart => SharesBeforePhaseIn ?? LastTermShares;
}
