using NodaTime;
using SharingLedger.Kernel.Money;
using SharingLedger.Loans;
using SharingLedger.Agreements;

namespace SharingLedger.Reimbursement;

/// <summary>One member's reimbursement for the fiscal year, with the counts and exact parts that explain it.</summary>
public sealed record ReimbursementLine(
    Guid MemberId,
    string MemberCode,
    long Loans,
    long Borrows,
    long NetLending,
    Money Amount,
    string? ExactAmount,
    long RoundingAdjustmentMinor,
    string? PerLoanPart,
    string? NetLendingPart,
    Money? Uncapped,
    Money? DocumentedCost,
    bool CappedAtCost,
    string Explanation,
    Money? PaidOut = null);

/// <summary>
/// A fiscal year's net-lender reimbursement under the programme of the agreement version in force on its first day.
/// Payouts plus <see cref="Unspent"/> equal the pool (net-lender method); per-loan payouts have no pool. Once the year is
/// paid out, <see cref="PaidOutAt"/> is set and each line's <c>PaidOut</c> is what was recorded then.
/// </summary>
public sealed record ReimbursementView(
    Guid ConsortiumId,
    int FiscalYear,
    LocalDate PeriodStart,
    LocalDate PeriodEnd,
    ReimbursementMethod Method,
    Guid AgreementId,
    int AgreementVersion,
    Money? Pool,
    decimal? PerLoanShare,
    Money? RatePerLoan,
    Money Total,
    Money? Unspent,
    IReadOnlyList<ReimbursementLine> Payouts,
    Instant? PaidOutAt = null);
