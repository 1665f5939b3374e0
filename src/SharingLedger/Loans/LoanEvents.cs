using NodaTime;
using SharingLedger.Kernel.Clearing;
using SharingLedger.Kernel.Money;
using SharingLedger.Membership;
using SharingLedger.Kernel.Lending;

namespace SharingLedger.Loans;

/// <summary>A step of a loan's lifecycle: which loan, the business date it happened (<c>On</c>), an optional note, and when the ledger recorded it.</summary>
public interface ILoanStep
{
    Guid LoanId { get; }
    LocalDate On { get; }
    Instant RecordedAt { get; }
}

/// <summary>
/// A borrowing member asked a lending member for an item (a loan) or a copy of part of it (ISO 18626 Request).
/// <paramref name="RequestId"/> is the borrower system's id (ISO RequestingAgencyRequestId); <paramref name="MaxCost"/>
/// the most the borrower will pay, in the base currency.
/// </summary>
public sealed record LoanRequested(
    Guid LoanId,
    Guid ConsortiumId,
    Guid BorrowerId,
    string BorrowerCode,
    Guid LenderId,
    string LenderCode,
    ServiceType ServiceType,
    ServiceLevel ServiceLevel,
    Money? MaxCost,
    string RequestId,
    string? Title,
    LocalDate On,
    Instant RecordedAt) : ILoanStep;

/// <summary>The lender expects to supply (ISO 18626 ExpectToSupply).</summary>
public sealed record LoanSupplyExpected(Guid LoanId, LocalDate On, string? Note, Instant RecordedAt) : ILoanStep;

/// <summary>The lender will supply (ISO 18626 WillSupply), or the borrower's acceptance of a condition led here.</summary>
public sealed record LoanSupplyConfirmed(Guid LoanId, LocalDate On, string? Note, Instant RecordedAt) : ILoanStep;

/// <summary>The item is on loan elsewhere and the lender booked it for this borrower until it is back on the shelf (document booking).</summary>
public sealed record LoanHoldPlaced(Guid LoanId, LocalDate On, string? Note, Instant RecordedAt) : ILoanStep;

/// <summary>The lender answered with a condition (ISO 18626 Conditional), with the cost it offers when the condition is about cost.</summary>
public sealed record LoanConditionOffered(Guid LoanId, LocalDate On, Money? OfferedCost, string? Note, Instant RecordedAt) : ILoanStep;

/// <summary>The borrower accepted the lender's condition; an offered cost becomes the charge, billed even above the borrower's maximum.</summary>
public sealed record LoanConditionAccepted(Guid LoanId, LocalDate On, Money? AcceptedCost, string? Note, Instant RecordedAt) : ILoanStep;

/// <summary>The borrower declined the lender's condition; the request ends cancelled.</summary>
public sealed record LoanConditionDeclined(Guid LoanId, LocalDate On, string? Note, Instant RecordedAt) : ILoanStep;

/// <summary>The lender cannot supply (ISO 18626 Unfilled).</summary>
public sealed record LoanUnfilled(Guid LoanId, LocalDate On, string? Note, Instant RecordedAt) : ILoanStep;

/// <summary>The lender cannot supply now but a new request may succeed (ISO 18626 RetryPossible).</summary>
public sealed record LoanRetryPossible(Guid LoanId, LocalDate On, string? Note, Instant RecordedAt) : ILoanStep;

/// <summary>
/// The lender shipped the item (ISO 18626 Loaned); its lending charge posts with it. <paramref name="StatedCost"/> is what the
/// lender's system stated the delivery costs (ISO 18626 deliveryCosts or offeredCosts), kept as stated; it is the charge only
/// where the agreement lets lenders set their own (<c>lendersSetCharge</c>), otherwise the charge comes from the fee schedule.
/// </summary>
public sealed record LoanShipped(Guid LoanId, LocalDate On, LocalDate? DueDate, string? Note, Instant RecordedAt, Money? StatedCost = null) : ILoanStep;

/// <summary>The borrower received the item (ISO 18626 requester action Received).</summary>
public sealed record LoanReceived(Guid LoanId, LocalDate On, string? Note, Instant RecordedAt) : ILoanStep;

/// <summary>The loan is overdue (ISO 18626 Overdue); the first such day starts the lost-item notice window.</summary>
public sealed record LoanOverdue(Guid LoanId, LocalDate On, string? Note, Instant RecordedAt) : ILoanStep;

/// <summary>The lender recalled the item (ISO 18626 Recalled).</summary>
public sealed record LoanRecalled(Guid LoanId, LocalDate On, string? Note, Instant RecordedAt) : ILoanStep;

/// <summary>The loan was renewed until <paramref name="DueDate"/> (ISO 18626 Renew, answered yes).</summary>
public sealed record LoanRenewed(Guid LoanId, LocalDate On, LocalDate DueDate, string? Note, Instant RecordedAt) : ILoanStep;

/// <summary>The borrower shipped the item back (ISO 18626 ShippedReturn).</summary>
public sealed record LoanReturnShipped(Guid LoanId, LocalDate On, string? Note, Instant RecordedAt) : ILoanStep;

/// <summary>The item is back with the lender (ISO 18626 LoanCompleted).</summary>
public sealed record LoanCompleted(Guid LoanId, LocalDate On, string? Note, Instant RecordedAt) : ILoanStep;

/// <summary>The lender delivered the copy of <paramref name="Pages"/> pages (ISO 18626 CopyCompleted); its charge posts with it.</summary>
public sealed record LoanCopyCompleted(Guid LoanId, LocalDate On, int Pages, string? Note, Instant RecordedAt, Money? StatedCost = null) : ILoanStep;

/// <summary>The loan ended without the item coming back (ISO 18626 CompletedWithoutReturn).</summary>
public sealed record LoanCompletedWithoutReturn(Guid LoanId, LocalDate On, string? Note, Instant RecordedAt) : ILoanStep;

/// <summary>The request was cancelled before anything was supplied (ISO 18626 Cancelled).</summary>
public sealed record LoanCancelled(Guid LoanId, LocalDate On, string? Note, Instant RecordedAt) : ILoanStep;

/// <summary>
/// The borrower asked the lender to cancel (ISO 18626 requester action Cancel). Not a step: the request goes on until the
/// lender answers, with <see cref="LoanCancelled"/> (CancelResponse Y) or <see cref="LoanCancellationDeclined"/> (N).
/// </summary>
public sealed record LoanCancellationRequested(Guid LoanId, LocalDate On, string? Note, Instant RecordedAt);

/// <summary>The lender declined the borrower's cancellation (ISO 18626 CancelResponse N): the request goes on where it stands.</summary>
public sealed record LoanCancellationDeclined(Guid LoanId, LocalDate On, string? Note, Instant RecordedAt);

/// <summary>
/// Notice that the item is lost (ISO 10161 Lost). <paramref name="NoticeTimely"/> says whether it came within the notice
/// window that started when the loan was marked overdue on <paramref name="OverdueOn"/>; if not, the borrower owes nothing.
/// A replacement may be billed until <paramref name="BillingDeadline"/> (none: no windows in the agreement).
/// </summary>
public sealed record LoanLost(
    Guid LoanId,
    LocalDate On,
    LocalDate? OverdueOn,
    LocalDate? NoticeDeadline,
    bool NoticeTimely,
    LocalDate? BillingDeadline,
    Guid? AgreementId,
    int? AgreementVersion,
    string? Note,
    Instant RecordedAt) : ILoanStep;

/// <summary>The item was reported damaged (ISO 10161 Damaged).</summary>
public sealed record LoanDamaged(Guid LoanId, LocalDate On, string? Note, Instant RecordedAt) : ILoanStep;

/// <summary>
/// The lending charge of a loan or copy, posted when the lender shipped it, priced by the agreement version in force
/// that day. <paramref name="Outcome"/> says whether it is billed: not between members of a reciprocal group, not above
/// the borrower's maximum cost unless the borrower accepted a conditional offer at that cost. A billed charge also
/// draws <paramref name="TransactionFee"/> from the borrower for the central fund. It is cleared in <paramref name="Month"/>:
/// the month of <paramref name="On"/>, or, for a step reported after that month was settled, the first month not settled,
/// as an adjustment naming the settled month (<paramref name="AdjustsMonth"/>; absent from events recorded before it existed).
/// </summary>
public sealed record LendingCharged(
    Guid LoanId,
    Guid ConsortiumId,
    Guid BorrowerId,
    Guid LenderId,
    ServiceType ServiceType,
    ServiceLevel ServiceLevel,
    MemberKind BorrowerKind,
    int? Pages,
    int? BilledPages,
    Money Charge,
    string Basis,
    Money? MaxCost,
    bool ConditionAccepted,
    ChargeOutcome Outcome,
    Money Billed,
    Money TransactionFee,
    Guid AgreementId,
    int AgreementVersion,
    LocalDate On,
    string Month,
    Instant RecordedAt,
    string? AdjustsMonth = null);

/// <summary>
/// The lender billed the borrower the replacement cost of a lost item, within the agreement's windows. It is cleared
/// in <paramref name="Month"/> (a settled month's bill in the first open month, naming it in <paramref name="AdjustsMonth"/>), free of
/// reciprocity, maximum cost and the transaction fee (it is not a borrowing).
/// </summary>
public sealed record ReplacementCharged(
    Guid LoanId,
    Guid ConsortiumId,
    Guid BorrowerId,
    Guid LenderId,
    Money ReplacementCost,
    LocalDate LostOn,
    LocalDate? BillingDeadline,
    LocalDate On,
    string Month,
    Instant RecordedAt,
    string? AdjustsMonth = null) : ILoanStep;
