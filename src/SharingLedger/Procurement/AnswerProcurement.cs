using JasperFx.Events;
using Marten;
using NodaTime;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure.Http;
using Wolverine.Http;
using Wolverine.Http.Marten;
using Wolverine.Marten;

namespace SharingLedger.Procurement;

/// <summary>An invited member's answer: <c>decision</c> is "commit" or "decline".</summary>
public sealed record AnswerProcurement(Guid? MemberId, ProcurementDecision? Decision);

public static class AnswerProcurementEndpoint
{
    public static IResult Validate(AnswerProcurement? command, HttpContext http, Guid consortiumId, Consortium? consortium, Guid procurementId, JointProcurement? procurement)
    {
        // A member system answers for itself only; another member's id is "not found" to it.
        if (command?.MemberId is { } actingFor && !Access.Actor.MayActFor(http, actingFor)) return Problems.NotFound("member", actingFor);
        return ProcurementAccess.Validate(command, consortiumId, consortium, procurementId, procurement);
    }
    public static async Task<AnsweringMember> LoadAsync(AnswerProcurement? command, IEventStream<JointProcurement> stream, IQuerySession session, CancellationToken ct) =>
        new(command?.MemberId is { } id ? await session.LoadAsync<Membership.Member>(id, ct) : null);

    /// <summary>An invited member commits to a joint procurement or declines it (until the commitment deadline).</summary>
    [ProducesResponseType(typeof(ProcurementAnswered), 200)]
    [Allow(Roles.Member, Roles.Finance)]
    [WolverinePost("/consortia/{consortiumId}/procurements/{procurementId}/commitments")]
    public static (IResult, Events) Post(AnswerProcurement? command, AnsweringMember answering, IClock clock,
        [Document("consortiumId", Required = false)] Consortium? consortium,
        [WriteAggregate("procurementId", Required = false)] JointProcurement? procurement) =>
        ProcurementDecisions.Answer(procurement!, command!, answering.Member, consortium!.Calendar().Today(clock), clock.GetCurrentInstant())
            .Respond(_ => Results.Ok(new ProcurementAnswered(procurement!.Id, procurement.Version + 1, answering.Member!.Id, command!.Decision!.Value)));
}

/// <summary>The member an answer names, as loaded (null when there is none).</summary>
public sealed record AnsweringMember(Membership.Member? Member);

/// <summary>The procurement, its version after the answer, the member and its decision.</summary>
public sealed record ProcurementAnswered(Guid Id, int Version, Guid MemberId, ProcurementDecision Decision);
