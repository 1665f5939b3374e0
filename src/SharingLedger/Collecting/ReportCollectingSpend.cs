using NodaTime;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure.Http;
using SharingLedger.Kernel.Money;
using Wolverine.Http;
using Wolverine.Http.Marten;
using Wolverine.Marten;

namespace SharingLedger.Collecting;

/// <summary>
/// Spend against an assignment since the last report (not a running total). A negative amount corrects earlier
/// reports and needs the reason in <c>note</c>.
/// </summary>
public sealed record ReportCollectingSpend(MoneyInput? Amount, LocalDate? ReportedOn, string? Note);

public static class ReportCollectingSpendEndpoint
{
    public static Guid PlanId(Guid consortiumId, int fiscalYear) => CollectingContext.PlanId(consortiumId, fiscalYear);
    public static IResult Validate(ReportCollectingSpend? command, Guid consortiumId, Consortium? consortium) =>
        CollectingContext.Validate(command, consortiumId, consortium);

    /// <summary>Report what a member spent on a collecting assignment; the answer gives the budget committed, reported and remaining.</summary>
    [ProducesResponseType(typeof(CollectingSpendTotals), 200)]
    [Allow(Roles.Finance)]
    [WolverinePost("/consortia/{consortiumId}/collecting/{fiscalYear}/assignments/{assignmentId}/spend")]
    public static (IResult, Events) Post(int fiscalYear, Guid assignmentId, ReportCollectingSpend? command, IClock clock,
        [Document("consortiumId", Required = false)] Consortium? consortium,
        [WriteAggregate(FromMethod = nameof(PlanId), Required = false)] CollectingPlan? plan) =>
        CollectingDecisions.ReportSpend(plan, command!, consortium!.BaseCurrency, fiscalYear, assignmentId,
                consortium.Calendar().Today(clock), clock.GetCurrentInstant())
            .Respond(e => Totals(plan!.Assignment(assignmentId)!, (CollectingSpendReported)e));

    /// <summary>Worked out before saving: the inline projection may apply the event to this very aggregate instance.</summary>
    private static IResult Totals(CollectingAssignment assignment, CollectingSpendReported spend)
    {
        var reported = assignment.Reported + spend.Amount;
        return Results.Ok(new CollectingSpendTotals(spend.AssignmentId, assignment.CommittedBudget, reported, assignment.CommittedBudget - reported));
    }
}

/// <summary>An assignment's committed budget, what has been reported spent on it, and what remains.</summary>
public sealed record CollectingSpendTotals(Guid Id, Money Committed, Money Reported, Money Remaining);
