using NodaTime;
using SharingLedger.Agreements;
using SharingLedger.Kernel.Money;

namespace SharingLedger.Procurement;

/// <summary>A member invited to commit to a joint purchase, by id and by its code at the time.</summary>
public sealed record InvitedMember(Guid MemberId, string MemberCode);

/// <summary>
/// A joint purchase was proposed: what, roughly how much (in the base currency), and which named
/// cost-sharing term of the agreement in force on <paramref name="ProposedOn"/> will split it. The term
/// is copied, so the procurement explains itself after later agreement versions. Invited members answer
/// until <paramref name="CommitmentDeadline"/> (inclusive).
/// </summary>
public sealed record ProcurementProposed(
    Guid ProcurementId,
    Guid ConsortiumId,
    string Title,
    string Subject,
    Money EstimatedCost,
    string SharingTermName,
    Guid AgreementId,
    int AgreementVersion,
    SharingTerm SharingTerm,
    LocalDate ProposedOn,
    LocalDate CommitmentDeadline,
    IReadOnlyList<InvitedMember> InvitedMembers,
    Instant ProposedAt);
