using M = SharingLedger.Kernel.Money.Money;

namespace SharingLedger.Kernel.Reimbursement;

/// <summary>
/// A pool paid out to lenders. Shares plus <see cref="Unspent"/> add up exactly to the pool; money is
/// unspent only when a part has nobody to go to (no loans at all, or no net lender).
/// </summary>
public sealed record ReimbursementPayout(M Pool, decimal PerLoanShare, IReadOnlyList<ReimbursementShare> Shares, M Unspent)
{
    public ReimbursementShare For(string memberId) =>
        Shares.FirstOrDefault(s => s.MemberId == memberId)
        ?? throw new KeyNotFoundException($"Member {memberId} has no share of this pool.");
}
