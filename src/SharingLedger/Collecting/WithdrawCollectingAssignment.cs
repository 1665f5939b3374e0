using NodaTime;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure.Http;
using Wolverine.Http;
using Wolverine.Http.Marten;
using Wolverine.Marten;

namespace SharingLedger.Collecting;

public sealed record WithdrawCollectingAssignment(string Reason);

public static class WithdrawCollectingAssignmentEndpoint
{
    public static Guid PlanId(Guid consortiumId, int fiscalYear) => CollectingContext.PlanId(consortiumId, fiscalYear);
    public static IResult Validate(WithdrawCollectingAssignment? command, Guid consortiumId, Consortium? consortium) =>
        CollectingContext.Validate(command, consortiumId, consortium);

    /// <summary>Withdraw a collecting assignment; what was reported spent stays recorded.</summary>
    [ProducesResponseType(typeof(CollectingAssignmentWithdrawal), 200)]
    [Allow(Roles.Admin)]
    [WolverinePost("/consortia/{consortiumId}/collecting/{fiscalYear}/assignments/{assignmentId}/withdrawal")]
    public static (IResult, Events) Post(int fiscalYear, Guid assignmentId, WithdrawCollectingAssignment? command, IClock clock,
        [Document("consortiumId", Required = false)] Consortium? consortium,
        [WriteAggregate(FromMethod = nameof(PlanId), Required = false)] CollectingPlan? plan) =>
        CollectingDecisions.Withdraw(plan, command!, fiscalYear, assignmentId, clock.GetCurrentInstant())
            .Respond(_ => Results.Ok(new CollectingAssignmentWithdrawal(assignmentId, "withdrawn")));
}

/// <summary>A withdrawn assignment (<c>status</c> is always "withdrawn").</summary>
public sealed record CollectingAssignmentWithdrawal(Guid Id, string Status);
