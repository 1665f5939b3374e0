using NodaTime;

namespace SharingLedger.Procurement;

/// <summary>An invited member committed to a joint purchase: it will pay its share of the invoice.</summary>
public sealed record MemberCommittedToProcurement(
    Guid ProcurementId,
    Guid ConsortiumId,
    Guid MemberId,
    string MemberCode,
    LocalDate CommittedOn,
    Instant RecordedAt);
