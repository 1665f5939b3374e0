using M = SharingLedger.Kernel.Money.Money;

namespace SharingLedger.Kernel.Clearing;

/// <summary>
/// One month's netting: a position per member and the fees the fund collects. The positions and the fund
/// add up to zero, because every billed charge is owed by one member to another and every fee goes from
/// a borrower to the fund.
/// </summary>
public sealed record ClearingStatement(string Currency, IReadOnlyList<ClearingPosition> Positions, M Fund, IReadOnlyList<ClearedCharge> Charges)
{
    public ClearingPosition For(string memberId) =>
        Positions.FirstOrDefault(p => p.MemberId == memberId)
        ?? throw new KeyNotFoundException($"Member {memberId} has no position in this clearing.");
}
