using Marten;
using NodaTime;
using SharingLedger.Infrastructure.Http;
using SharingLedger.Membership;
using Wolverine.Http;

namespace SharingLedger.Procurement;

/// <summary>An invited member's answer: <c>decision</c> is "commit" or "decline".</summary>
public sealed record AnswerProcurement(Guid? MemberId, ProcurementDecision? Decision);

public static class AnswerProcurementEndpoint
{
    /// <summary>An invited member commits to a joint procurement or declines it (until the commitment deadline).</summary>
    [ProducesResponseType(typeof(ProcurementAnswered), 200)]
    [Allow(Roles.Member, Roles.Finance)]
    [WolverinePost("/consortia/{consortiumId}/procurements/{procurementId}/commitments")]
    public static async Task<IResult> Post(Guid consortiumId, Guid procurementId, AnswerProcurement? command, IDocumentSession session,
        IClock clock, HttpContext http, CancellationToken ct)
    {
        if (command is null) return Problems.BadRequest("The request body is empty.");
        // A member system answers for itself only; another member's id is "not found" to it.
        if (command.MemberId is { } actingFor && !Access.Actor.MayActFor(http, actingFor)) return Problems.NotFound("member", actingFor);
        if (await ProcurementStream.OpenAsync(session, consortiumId, procurementId, ct) is not { } opened)
            return Problems.NotFound("procurement", procurementId);
        var (consortium, stream) = opened;
        var p = stream.Aggregate!;
        if (p.Award is not null)
            return Problems.Conflict($"The contract was awarded on {p.Award.AwardedOn:uuuu-MM-dd}; answers are closed.");
        var today = consortium.Calendar().Today(clock);

        var v = new Validation()
            .Require(command.MemberId is not null, "memberId", "Required.")
            .Require(command.Decision is not null, "decision", "Required: commit or decline.");
        if (p.DeadlinePassed(today))
            v.Add("commitmentDeadline", $"Answers closed after {p.Proposal.CommitmentDeadline:uuuu-MM-dd}; today is {today:uuuu-MM-dd}.");
        var member = command.MemberId is { } id ? await session.LoadAsync<Member>(id, ct) : null;
        if (command.MemberId is not null)
        {
            if (member is null || member.ConsortiumId != consortiumId) v.Add("memberId", $"{command.MemberId} is not a member of this consortium.");
            else if (!p.IsInvited(member.Id)) v.Add("memberId", $"Member {member.Code} was not invited to this procurement.");
            else if (!member.IsActiveOn(today)) v.Add("memberId", $"Member {member.Code} is not an active member on {today:uuuu-MM-dd}.");
        }
        if (!v.IsValid) return v.Problem();

        if (p.AnswerOf(member!.Id) is { } answer)
            return Problems.Conflict($"Member {member.Code} already answered '{answer.Decision.ToString().ToLowerInvariant()}' on {answer.AnsweredOn:uuuu-MM-dd}.");

        object answered = command.Decision == ProcurementDecision.Commit
            ? new MemberCommittedToProcurement(p.Id, consortiumId, member.Id, member.Code, today, clock.GetCurrentInstant())
            : new MemberDeclinedProcurement(p.Id, consortiumId, member.Id, member.Code, today, clock.GetCurrentInstant());
        var version = (int)(stream.CurrentVersion ?? 0) + 1;
        stream.AppendOne(answered);
        return Results.Ok(new { id = p.Id, version, memberId = member.Id, decision = command.Decision });
    }
}

/// <summary>The procurement, its version after the answer, the member and its decision.</summary>
public sealed record ProcurementAnswered(Guid Id, int Version, Guid MemberId, ProcurementDecision Decision);
