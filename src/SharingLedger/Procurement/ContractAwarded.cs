using NodaTime;
using SharingLedger.Kernel.Money;

namespace SharingLedger.Procurement;

/// <summary>
/// The contract for a joint purchase was awarded to <paramref name="Vendor"/> at <paramref name="ActualCost"/>.
/// Answers are closed from here on; <paramref name="CommittedMembers"/> are the members who will share the invoice.
/// </summary>
public sealed record ContractAwarded(
    Guid ProcurementId,
    Guid ConsortiumId,
    string Vendor,
    Money ActualCost,
    LocalDate AwardedOn,
    IReadOnlyList<InvitedMember> CommittedMembers,
    Instant RecordedAt);
