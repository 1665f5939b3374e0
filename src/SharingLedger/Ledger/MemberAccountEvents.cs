using NodaTime;
using SharingLedger.Kernel.Money;

namespace SharingLedger.Ledger;

/// <summary>Part of a payment or credit applied to one open item (a debit on the member's receivable, by its posting id).</summary>
public sealed record ItemAllocation(string ItemId, Money Amount);

/// <summary>
/// Money arrived from a member. <paramref name="Allocations"/> says which open items it settles (oldest first unless
/// finance said otherwise); what is left over is held on account (a credit on the receivable with no item).
/// </summary>
public sealed record PaymentReceived(
    Guid AccountId, Guid ConsortiumId, Guid MemberId, Guid PaymentId,
    Money Amount, string BankReference, LocalDate ReceivedOn,
    IReadOnlyList<ItemAllocation> Allocations, string AllocationMethod, Instant RecordedAt);

/// <summary>Finance credited a member, against one item or on account; the central fund bears it.</summary>
public sealed record CreditNoteIssued(
    Guid AccountId, Guid ConsortiumId, Guid MemberId, Guid CreditNoteId,
    Money Amount, string Reason, string? ItemId, LocalDate IssuedOn, Instant RecordedAt);

/// <summary>A member (or finance for it) disputes an item. Nothing posts until it is resolved.</summary>
public sealed record DisputeRaised(
    Guid AccountId, Guid ConsortiumId, Guid MemberId, Guid DisputeId,
    string ItemId, string Reason, LocalDate RaisedOn, Instant RecordedAt);

/// <summary>Finance resolved a dispute: upheld with an adjusting credit against the item, or rejected (no posting).</summary>
public sealed record DisputeResolved(
    Guid AccountId, Guid ConsortiumId, Guid MemberId, Guid DisputeId,
    string ItemId, bool Upheld, Money? Credit, string Reason, LocalDate ResolvedOn, Instant RecordedAt);

/// <summary>The council's auditor approved writing off what a member owes, on one item or on account; the central fund bears it.</summary>
public sealed record WriteOffApproved(
    Guid AccountId, Guid ConsortiumId, Guid MemberId, Guid WriteOffId,
    Money Amount, string Reason, string? ItemId, LocalDate ApprovedOn, Instant RecordedAt);

/// <summary>
/// Finance reversed a payment recorded in error (a bounced transfer, the wrong member, the wrong amount): its allocation
/// is undone, each item it settled is open again, and the part it held on account becomes an item of its own
/// (<c>payment:{paymentId}</c>) so that nothing is taken from credits the member has since earned. The payment stays on
/// the statement; the reversal shows beside it. A right payment is then recorded as a new one.
/// </summary>
public sealed record PaymentReversed(
    Guid AccountId, Guid ConsortiumId, Guid MemberId, Guid ReversalId, Guid PaymentId,
    Money Amount, string BankReference, IReadOnlyList<ItemAllocation> Allocations, string Reason, LocalDate ReversedOn, Instant RecordedAt);

/// <summary>Finance paid back to a member money it held on the member's account beyond everything the member owes (an overpayment).</summary>
public sealed record OverpaymentRefunded(
    Guid AccountId, Guid ConsortiumId, Guid MemberId, Guid RefundId,
    Money Amount, string BankReference, string Reason, LocalDate PaidOn, Instant RecordedAt);

/// <summary>
/// What the consortium owes a member (clearing credits as a net lender, a reimbursement) was settled: paid out to the
/// member's bank, or applied against what the member owes (its open items, oldest first, the rest on account).
/// </summary>
public sealed record MemberPayableSettled(
    Guid AccountId, Guid ConsortiumId, Guid MemberId, Guid SettlementId,
    Money Amount, string Method, string? BankReference, IReadOnlyList<ItemAllocation> Allocations, LocalDate SettledOn, Instant RecordedAt)
{
    public const string PaidOut = "paid-out";
    public const string AppliedToBill = "applied-to-bill";
}
