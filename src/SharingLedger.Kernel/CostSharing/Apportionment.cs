namespace SharingLedger.Kernel.CostSharing;

/// <summary>
/// The result of splitting one cost: shares that add up exactly to the total less the shortfall.
/// </summary>
/// <param name="Shortfall">What nobody could carry because everyone who could was capped; null means none.</param>
/// <param name="Modifiers">The caps, floors and phase-in that were applied, if any.</param>
/// <param name="Rounds">How many redistribution rounds caps and floors took (0 without them).</param>
public sealed record Apportionment(
    Money.Money Total,
    CostSharingRule Rule,
    IReadOnlyList<MemberShare> Shares,
    Money.Money? Shortfall = null,
    ShareModifiers? Modifiers = null,
    int Rounds = 0)
{
    /// <summary>The shortfall, zero when there is none.</summary>
    public Money.Money ShortfallOrZero => Shortfall ?? Money.Money.Zero(Total.Currency);

    public MemberShare For(string memberId) =>
        Shares.FirstOrDefault(s => s.MemberId == memberId)
        ?? throw new KeyNotFoundException($"Member {memberId} has no share in this apportionment.");
}
