using NodaTime;
using SharingLedger.Collecting;
using SharingLedger.Infrastructure;
using SharingLedger.Infrastructure.Http;
using static SharingLedger.Tests.Sharing.CostGivens;

namespace SharingLedger.Tests.Collecting;

/// <summary>
/// The collecting-plan decisions without a database: given the 2026 plan (calendar fiscal year, books in USD) in which A
/// is assigned "Chemistry" with 5,000.00 committed and 1,000.00 reported, when a command on 2026-06-15, then the event or the refusal.
/// </summary>
public class CollectingDecisionTests
{
    private static readonly Guid Plan = StreamIds.CollectingPlan(ConsortiumId, 2026);
    private static readonly Guid Assignment = Guid.Parse("c0575000-0000-4000-8000-0000000000e3");

    private static CollectingPlan Assigned()
    {
        var plan = CollectingPlan.Create(new CollectingAssigned(Plan, ConsortiumId, 2026, new LocalDate(2026, 1, 1), new LocalDate(2026, 12, 31),
            Assignment, A, "A", "Chemistry", null, Usd("5000.00"), Now));
        plan.Apply(new CollectingSpendReported(Plan, Assignment, A, Usd("1000.00"), new LocalDate(2026, 5, 1), null, Now));
        return plan;
    }

    private static CollectingPlan Withdrawn()
    {
        var plan = Assigned();
        plan.Apply(new CollectingAssignmentWithdrawn(Plan, Assignment, A, "moved", Now));
        return plan;
    }

    [Fact]
    public void The_first_assignment_of_a_year_starts_its_plan()
    {
        var id = Guid.Parse("c0575000-0000-4000-8000-0000000000e4");
        var e = Assert.IsType<CollectingAssigned>(Single(CollectingDecisions.Assign(null,
            new AssignCollecting(B, "  Organic   chemistry ", null, new MoneyInput("2500.00", "USD")), Consortium(), 2026, Members()[B], Today, id, Now)));
        Assert.Equal((Plan, new LocalDate(2026, 1, 1), new LocalDate(2026, 12, 31), id, "Organic chemistry", Usd("2500.00")),
            (e.PlanId, e.PeriodStart, e.PeriodEnd, e.AssignmentId, e.Subject, e.CommittedBudget));
    }

    [Fact]
    public void An_assignment_is_refused_for_an_impossible_year_and_for_a_subject_the_member_already_has()
    {
        Assert.Equal("Must be a year such as 2026.", Refused(CollectingDecisions.Assign(null,
            new AssignCollecting(A, "Physics", null, new MoneyInput("100.00", "USD")), Consortium(), 1800, Members()[A], Today, Guid.NewGuid(), Now))["fiscalYear"]);
        Assert.StartsWith("Member A is already assigned 'Chemistry' in fiscal year 2026", Conflict(CollectingDecisions.Assign(Assigned(),
            new AssignCollecting(A, "chemistry", null, new MoneyInput("100.00", "USD")), Consortium(), 2026, Members()[A], Today, Guid.NewGuid(), Now)));
    }

    [Fact]
    public void A_withdrawal_records_the_reason()
    {
        var e = Assert.IsType<CollectingAssignmentWithdrawn>(Single(CollectingDecisions.Withdraw(Assigned(), new WithdrawCollectingAssignment(" moved "), 2026, Assignment, Now)));
        Assert.Equal((Assignment, A, "moved"), (e.AssignmentId, e.MemberId, e.Reason));
    }

    [Fact]
    public void A_withdrawal_is_refused_for_an_unknown_or_withdrawn_assignment()
    {
        Assert.IsType<Decision.NotFound>(CollectingDecisions.Withdraw(null, new WithdrawCollectingAssignment("moved"), 2026, Assignment, Now));
        Assert.StartsWith($"Assignment {Assignment} was already withdrawn", Conflict(CollectingDecisions.Withdraw(Withdrawn(), new WithdrawCollectingAssignment("again"), 2026, Assignment, Now)));
    }

    [Fact]
    public void Spend_and_a_correction_with_its_reason_are_recorded()
    {
        var spend = Assert.IsType<CollectingSpendReported>(Single(CollectingDecisions.ReportSpend(Assigned(),
            new ReportCollectingSpend(new MoneyInput("250.00", "USD"), Today, null), "USD", 2026, Assignment, Today, Now)));
        Assert.Equal((Usd("250.00"), Today, (string?)null), (spend.Amount, spend.ReportedOn, spend.Note));
        var correction = Assert.IsType<CollectingSpendReported>(Single(CollectingDecisions.ReportSpend(Assigned(),
            new ReportCollectingSpend(new MoneyInput("-1000.00", "USD"), Today, "double-counted"), "USD", 2026, Assignment, Today, Now)));
        Assert.Equal(Usd("-1000.00"), correction.Amount);
    }

    [Fact]
    public void Spend_is_refused_below_zero_without_a_reason_in_the_future_and_on_a_withdrawn_assignment()
    {
        var errors = Refused(CollectingDecisions.ReportSpend(Assigned(),
            new ReportCollectingSpend(new MoneyInput("-1000.01", "USD"), new LocalDate(2026, 6, 16), null), "USD", 2026, Assignment, Today, Now));
        Assert.Equal("A negative report corrects earlier reports and needs the reason.", errors["note"]);
        Assert.Equal("Reported spend is 1000.00 USD; a correction cannot bring it below zero.", errors["amount.amount"]);
        Assert.Equal("Cannot be after today (2026-06-15 in the consortium's time zone).", errors["reportedOn"]);
        Assert.Contains("no spend can be reported against it", Refused(CollectingDecisions.ReportSpend(Withdrawn(),
            new ReportCollectingSpend(new MoneyInput("1.00", "USD"), Today, null), "USD", 2026, Assignment, Today, Now))["assignmentId"]);
    }
}
