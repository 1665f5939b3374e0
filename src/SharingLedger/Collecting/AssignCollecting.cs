using Marten;
using NodaTime;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure.Http;
using SharingLedger.Membership;
using Wolverine.Http;
using Wolverine.Http.Marten;
using Wolverine.Marten;

namespace SharingLedger.Collecting;

/// <summary>Give a member a subject (and optionally a format) to collect in a fiscal year, with the budget it commits.</summary>
public sealed record AssignCollecting(Guid? MemberId, string Subject, string? Format, MoneyInput? CommittedBudget);

/// <summary>The member the command names, as loaded (null when there is none).</summary>
public sealed record NamedMember(Member? Member);

public static class AssignCollectingEndpoint
{
    public static Guid PlanId(Guid consortiumId, int fiscalYear) => CollectingContext.PlanId(consortiumId, fiscalYear);
    public static IResult Validate(AssignCollecting? command, Guid consortiumId, Consortium? consortium) =>
        CollectingContext.Validate(command, consortiumId, consortium);
    public static async Task<NamedMember> LoadAsync(AssignCollecting? command, IQuerySession session, CancellationToken ct) =>
        new(command?.MemberId is { } id ? await session.LoadAsync<Member>(id, ct) : null);

    /// <summary>Assign a member to collect a subject (and format) for the fiscal year with a committed budget.</summary>
    [ProducesResponseType(typeof(CollectingAssignmentCreated), 201)]
    [Allow(Roles.Admin)]
    [WolverinePost("/consortia/{consortiumId}/collecting/{fiscalYear}/assignments")]
    public static (IResult, Events) Post(int fiscalYear, AssignCollecting? command, NamedMember named, IClock clock,
        [Document("consortiumId", Required = false)] Consortium? consortium,
        [WriteAggregate(FromMethod = nameof(PlanId), Required = false)] CollectingPlan? plan) =>
        // Starts the plan's stream for the year's first assignment; a concurrent write to the plan loses with a 409.
        CollectingDecisions.Assign(plan, command!, consortium!, fiscalYear, named.Member, consortium!.Calendar().Today(clock),
                Guid.CreateVersion7(), clock.GetCurrentInstant())
            .Respond(e => Results.Created($"/consortia/{consortium.Id}/collecting/{fiscalYear}",
                new CollectingAssignmentCreated(((CollectingAssigned)e).AssignmentId, ((CollectingAssigned)e).PlanId)));
}

/// <summary>The new assignment and the year's collecting plan it belongs to.</summary>
public sealed record CollectingAssignmentCreated(Guid Id, Guid PlanId);
