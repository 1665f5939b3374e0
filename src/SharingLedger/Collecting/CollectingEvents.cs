using NodaTime;
using SharingLedger.Kernel.Money;

namespace SharingLedger.Collecting;

/// <summary>
/// The collecting plan of a fiscal year gave a member a subject (optionally in one format) to collect, with a
/// budget it committed to spend on its own collection. Not money owed to the consortium.
/// </summary>
public sealed record CollectingAssigned(
    Guid PlanId,
    Guid ConsortiumId,
    int FiscalYear,
    LocalDate PeriodStart,
    LocalDate PeriodEnd,
    Guid AssignmentId,
    Guid MemberId,
    string MemberCode,
    string Subject,
    string? Format,
    Money CommittedBudget,
    Instant AssignedAt);

/// <summary>An assignment no longer binds its member. Spend already reported against it stays recorded.</summary>
public sealed record CollectingAssignmentWithdrawn(
    Guid PlanId,
    Guid AssignmentId,
    Guid MemberId,
    string Reason,
    Instant WithdrawnAt);

/// <summary>
/// A member reported spend against an assignment. Reports add up; a negative amount is a correction of earlier
/// reports and carries its reason in <paramref name="Note"/>.
/// </summary>
public sealed record CollectingSpendReported(
    Guid PlanId,
    Guid AssignmentId,
    Guid MemberId,
    Money Amount,
    LocalDate ReportedOn,
    string? Note,
    Instant RecordedAt);
