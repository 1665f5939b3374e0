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
