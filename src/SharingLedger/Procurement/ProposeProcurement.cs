using JasperFx.Events;
using Marten;
using NodaTime;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure.Http;
using Wolverine.Http;
using Wolverine.Http.Marten;
using Wolverine.Marten;

namespace SharingLedger.Procurement;

/// <summary>
/// Propose a joint purchase. <c>sharingTerm</c> names a cost-sharing term of the agreement version in force
/// today; <c>invitedMembers</c> left out invites every member active today.
/// </summary>
public sealed record ProposeProcurement(
    string Title,
    string Subject,
    MoneyInput? EstimatedCost,
    string SharingTerm,
    LocalDate? CommitmentDeadline,
    IReadOnlyList<Guid>? InvitedMembers);

public static class ProposeProcurementEndpoint
{
    public static IResult Validate(ProposeProcurement? command, Guid consortiumId, Consortium? consortium)
    {
        if (command is null) return Problems.BadRequest("The request body is empty.");
        if (consortium is null) return Problems.NotFound("consortium", consortiumId);
        return WolverineContinue.Result();
    }
    public static Task<ProcurementFacts> LoadAsync(ProposeProcurement? command, Guid consortiumId, IQuerySession session, ISubjectHoldings holdings, CancellationToken ct) =>
        ProcurementAccess.ProposalFactsAsync(session, holdings, consortiumId, command?.Subject, ct);

    /// <summary>Propose a joint purchase: title, subject, estimate, the agreement's named sharing term, commitment deadline and invited members.</summary>
    [ProducesResponseType(typeof(ProcurementView), 201)]
    [Allow(Roles.Finance)]
    [WolverinePost("/consortia/{consortiumId}/procurements")]
    public static (IResult, IMartenOp) Post(ProposeProcurement? command, ProcurementFacts facts, IClock clock,
        [Document("consortiumId", Required = false)] Consortium? consortium)
    {
        var id = Guid.CreateVersion7();
        return ProcurementDecisions.Propose(command!, consortium!, facts, consortium!.Calendar().Today(clock), id, clock.GetCurrentInstant())
            .Start<JointProcurement>(id, e =>
            {
                var procurement = JointProcurement.Create((ProcurementProposed)e);
                procurement.Version = 1;
                return Results.Created($"/consortia/{consortium.Id}/procurements/{id}", ProcurementView.From(procurement, facts.Holders));
            });
    }
}
