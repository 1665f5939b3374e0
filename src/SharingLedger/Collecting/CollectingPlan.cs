using System.Text.Json.Serialization;
using NodaTime;
using SharingLedger.Kernel.Money;

namespace SharingLedger.Collecting;

/// <summary>A consortium's co-construction collecting plan for one fiscal year (inline snapshot of its stream).</summary>
public sealed class CollectingPlan
{
    public Guid Id { get; set; }
    public Guid ConsortiumId { get; set; }
    public int FiscalYear { get; set; }
    public LocalDate PeriodStart { get; set; }
    public LocalDate PeriodEnd { get; set; }
    public List<CollectingAssignment> Assignments { get; set; } = [];
    public int Version { get; set; }

    public static CollectingPlan Create(CollectingAssigned e)
    {
        var plan = new CollectingPlan
        {
            Id = e.PlanId, ConsortiumId = e.ConsortiumId, FiscalYear = e.FiscalYear, PeriodStart = e.PeriodStart, PeriodEnd = e.PeriodEnd,
        };
        plan.Apply(e);
        return plan;
    }

    public void Apply(CollectingAssigned e) => Assignments.Add(new CollectingAssignment
    {
        AssignmentId = e.AssignmentId,
        MemberId = e.MemberId,
        MemberCode = e.MemberCode,
        Subject = e.Subject,
        Format = e.Format,
        CommittedBudget = e.CommittedBudget,
        Reported = Money.Zero(e.CommittedBudget.Currency),
        AssignedAt = e.AssignedAt,
    });

    public void Apply(CollectingAssignmentWithdrawn e)
    {
        var a = Find(e.AssignmentId);
        a.WithdrawnAt = e.WithdrawnAt;
        a.WithdrawalReason = e.Reason;
    }

    public void Apply(CollectingSpendReported e)
    {
        var a = Find(e.AssignmentId);
        a.Reported += e.Amount;
        a.Reports.Add(new SpendReport(e.Amount, e.ReportedOn, e.Note, e.RecordedAt));
    }

    public CollectingAssignment? Assignment(Guid assignmentId) => Assignments.FirstOrDefault(a => a.AssignmentId == assignmentId);

    public IEnumerable<CollectingAssignment> ActiveAssignments() => Assignments.Where(a => a.IsActive);

    private CollectingAssignment Find(Guid assignmentId) =>
        Assignment(assignmentId) ?? throw new InvalidOperationException($"Collecting plan {Id} has no assignment {assignmentId}.");
}

/// <summary>One member's collecting commitment in a plan, with the spend reported against it so far.</summary>
public sealed class CollectingAssignment
{
    public Guid AssignmentId { get; set; }
    public Guid MemberId { get; set; }
    public string MemberCode { get; set; } = "";
    public string Subject { get; set; } = "";
    public string? Format { get; set; }
    public Money CommittedBudget { get; set; }
    /// <summary>The sum of every spend report, corrections included.</summary>
    public Money Reported { get; set; }
    public List<SpendReport> Reports { get; set; } = [];
    public Instant AssignedAt { get; set; }
    public Instant? WithdrawnAt { get; set; }
    public string? WithdrawalReason { get; set; }

    [JsonIgnore] public bool IsActive => WithdrawnAt is null;
    [JsonIgnore] public Money Remaining => CommittedBudget - Reported;
}

/// <summary>One spend report as recorded (negative: a correction, with its reason as the note).</summary>
public sealed record SpendReport(Money Amount, LocalDate ReportedOn, string? Note, Instant RecordedAt);
