using Marten;
using NodaTime;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure;
using SharingLedger.Infrastructure.Http;
using Wolverine.Http;

namespace SharingLedger.Collecting;

public sealed record WithdrawCollectingAssignment(string Reason);

public static class WithdrawCollectingAssignmentEndpoint
{
    /// <summary>Withdraw a collecting assignment; what was reported spent stays recorded.</summary>
    [ProducesResponseType(typeof(CollectingAssignmentWithdrawal), 200)]
    [Allow(Roles.Admin)]
    [WolverinePost("/consortia/{consortiumId}/collecting/{fiscalYear}/assignments/{assignmentId}/withdrawal")]
    public static async Task<IResult> Post(Guid consortiumId, int fiscalYear, Guid assignmentId, WithdrawCollectingAssignment? command,
        IDocumentSession session, IClock clock, CancellationToken ct)
    {
        if (command is null) return Problems.BadRequest("The request body is empty.");
        if (await session.LoadAsync<Consortium>(consortiumId, ct) is null) return Problems.NotFound("consortium", consortiumId);

        var planId = StreamIds.CollectingPlan(consortiumId, fiscalYear);
        var stream = await session.Events.FetchForWriting<CollectingPlan>(planId, ct);
        var assignment = stream.Aggregate?.Assignment(assignmentId);
        if (assignment is null) return Problems.NotFound($"collecting assignment in fiscal year {fiscalYear} with", assignmentId);
        if (!assignment.IsActive)
            return Problems.Conflict($"Assignment {assignmentId} was already withdrawn at {assignment.WithdrawnAt}.");

        var v = new Validation().NotBlank(command.Reason, "reason", 500);
        if (!v.IsValid) return v.Problem();

        stream.AppendOne(new CollectingAssignmentWithdrawn(planId, assignmentId, assignment.MemberId, command.Reason.Trim(), clock.GetCurrentInstant()));
        return Results.Ok(new { id = assignmentId, status = "withdrawn" });
    }
}

/// <summary>A withdrawn assignment (<c>status</c> is always "withdrawn").</summary>
public sealed record CollectingAssignmentWithdrawal(Guid Id, string Status);
