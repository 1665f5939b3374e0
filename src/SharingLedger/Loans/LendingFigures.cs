using NodaTime;

namespace SharingLedger.Loans;

/// <summary>A member's interlibrary-loan traffic in a period, counted the same way for quotas, obligations and reimbursement.</summary>
public static class LendingFigures
{
    /// <summary>A request counts towards the borrower's quota unless the lender did not fill it or it was cancelled.</summary>
    public static bool CountsTowardQuota(ILendingFacts loan) => CountsTowardQuota(loan.State);

    /// <summary>Whether a request in <paramref name="state"/> counts towards its borrower's quota.</summary>
    public static bool CountsTowardQuota(LoanState state) => !NotCountingTowardQuota.Contains(state);

    /// <summary>The states of a request that does not count towards its borrower's quota (also the requests PostgreSQL counts, <see cref="BorrowerRequests"/>).</summary>
    public static readonly LoanState[] NotCountingTowardQuota = [LoanState.Unfilled, LoanState.RetryPossible, LoanState.Cancelled];

    /// <summary>Supplied in the period: a loan shipped or a copy delivered on a day of it.</summary>
    public static bool SuppliedIn(ILendingFacts loan, DateInterval period) => loan.SuppliedOn is { } d && period.Contains(d);

    public static long Supplied(IEnumerable<ILendingFacts> loans, Guid memberId, DateInterval period) =>
        loans.LongCount(l => l.LenderId == memberId && SuppliedIn(l, period));

    public static long Borrowed(IEnumerable<ILendingFacts> loans, Guid memberId, DateInterval period) =>
        loans.LongCount(l => l.BorrowerId == memberId && SuppliedIn(l, period));

    public static int RequestsCounted(IEnumerable<ILendingFacts> loans, Guid borrowerId, DateInterval period) =>
        loans.Count(l => l.BorrowerId == borrowerId && period.Contains(l.RequestedOn) && CountsTowardQuota(l));
}
