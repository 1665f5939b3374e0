using NodaTime;

namespace SharingLedger.Procurement;

/// <summary>An invited member declined a joint purchase: it pays nothing towards it.</summary>
public sealed record MemberDeclinedProcurement(
    Guid ProcurementId,
    Guid ConsortiumId,
    Guid MemberId,
    string MemberCode,
    LocalDate DeclinedOn,
    Instant RecordedAt);
