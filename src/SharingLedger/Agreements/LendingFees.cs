using SharingLedger.Kernel.Lending;
using SharingLedger.Kernel.Money;
using SharingLedger.Membership;

namespace SharingLedger.Agreements;

/// <summary>
/// The agreement's interlibrary-loan terms (optional, versioned with the agreement): what a lender charges the
/// borrower, who lends free, the clearing fee, the lost-item windows, the borrowing quota and the net-lender
/// reimbursement programme. Every amount is in the consortium's base currency.
/// </summary>
/// <param name="Prices">Charge per loan and per copied page by service level, optionally for one kind of borrower.
/// Every service level needs a row without a borrower kind; a row for the borrower's kind wins over it.</param>
/// <param name="FreePagesPerCopy">Pages of each copy request that are not charged.</param>
/// <param name="ReciprocalGroups">Groups of member ids whose members lend to each other free.</param>
/// <param name="TransactionFee">Paid by the borrower to the consortium's central fund for each billed borrowing (default none).</param>
/// <param name="LostItems">Notice and billing windows for lost items; without them a replacement bill is never late.</param>
/// <param name="BorrowingQuota">Requests a member may make per fiscal year (unfilled, retry-possible and cancelled ones do not count).</param>
/// <param name="Reimbursement">The net-lender reimbursement programme, per fiscal year.</param>
/// <param name="TargetRatio">Loans a member should supply for the loans it borrows in a fiscal year, e.g. 1:1 (at least as many as it borrows).</param>
/// <param name="MinimumSupplies">A minimum of supplies in any rolling window of days, e.g. 30 in 90 days.</param>
/// <param name="ServiceTimes">How many working days a lender has to answer and to ship, per service level.</param>
/// <param name="FreePagesPerYear">Copied pages a borrower receives free per fiscal year, after the free pages per copy.</param>
/// <param name="LendersSetCharge">Lenders set their own charge (as OCLC's fee management lets them): the cost a lender states
/// when it delivers (in the base currency) is the charge instead of the schedule's price, billed only within the borrower's
/// maximum cost. Without a stated cost in the base currency, the schedule's charge.</param>
public sealed record LendingFees(
    IReadOnlyList<LendingPrice> Prices,
    int FreePagesPerCopy = 0,
    IReadOnlyList<IReadOnlyList<Guid>>? ReciprocalGroups = null,
    Money? TransactionFee = null,
    LostItemTerms? LostItems = null,
    int? BorrowingQuota = null,
    ReimbursementTerm? Reimbursement = null,
    LendingRatio? TargetRatio = null,
    SupplyMinimum? MinimumSupplies = null,
    ServiceTimeTerms? ServiceTimes = null,
    int? FreePagesPerYear = null,
    bool LendersSetCharge = false)
{
    /// <summary>The price row for a service level and borrower kind: the kind's own row if there is one, else the level's general row.</summary>
    public LendingPrice? PriceFor(ServiceLevel level, MemberKind borrowerKind) =>
        Prices.FirstOrDefault(p => p.ServiceLevel == level && p.BorrowerKind == borrowerKind)
        ?? Prices.FirstOrDefault(p => p.ServiceLevel == level && p.BorrowerKind is null);
}

/// <summary>One row of the fee schedule. A missing amount is free.</summary>
public sealed record LendingPrice(ServiceLevel? ServiceLevel, Money? PerLoan = null, Money? PerPage = null, MemberKind? BorrowerKind = null);

/// <summary>
/// Lost items: the lender must give notice that an item is lost within <paramref name="NoticeDays"/> of the day the
/// loan was marked overdue, or the borrower owes nothing; it may bill the replacement cost until
/// <paramref name="BillingDays"/> after its notice.
/// </summary>
public sealed record LostItemTerms(int NoticeDays, int BillingDays);

public enum ReimbursementMethod { NetLender, PerLoan }

/// <summary>
/// Net-lender reimbursement per fiscal year: <see cref="ReimbursementMethod.NetLender"/> pays <paramref name="Pool"/>, the part
/// <paramref name="PerLoanShare"/> per loan supplied and the rest to net lenders; <see cref="ReimbursementMethod.PerLoan"/> pays
/// <paramref name="RatePerLoan"/> per loan supplied, capped at the lender's documented cost.
/// </summary>
public sealed record ReimbursementTerm(ReimbursementMethod Method, Money? Pool = null, decimal? PerLoanShare = null, Money? RatePerLoan = null);
