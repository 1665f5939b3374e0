using NodaTime;

namespace SharingLedger.Procurement;

/// <summary>An invited member's answer to a proposal.</summary>
public sealed record ProcurementAnswer(Guid MemberId, string MemberCode, ProcurementDecision Decision, LocalDate AnsweredOn);
