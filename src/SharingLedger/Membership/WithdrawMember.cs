using Marten;
using NodaTime;
using SharingLedger.Infrastructure.Http;
using Wolverine.Http;

namespace SharingLedger.Membership;

public sealed record WithdrawMember(LocalDate? EffectiveFrom, string Reason);

public static class WithdrawMemberEndpoint
{
    /// <summary>Withdraw a member from a date.</summary>
    [ProducesResponseType(typeof(MemberWithdrawal), 200)]
    [Allow(Roles.Admin)]
    [WolverinePost("/consortia/{consortiumId}/members/{memberId}/withdrawal")]
    public static async Task<IResult> Post(Guid consortiumId, Guid memberId, WithdrawMember? command, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        if (command is null) return Problems.BadRequest("The request body is empty.");
        var stream = await session.Events.FetchForWriting<Member>(memberId, ct);
        var member = stream.Aggregate;
        if (member is null || member.ConsortiumId != consortiumId) return Problems.NotFound("member", memberId);
        if (member.WithdrawnOn is not null)
            return Problems.Conflict($"Member {member.Code} already withdrew with effect from {member.WithdrawnOn:uuuu-MM-dd}.");

        var v = new Validation().Date(command.EffectiveFrom, "effectiveFrom").NotBlank(command.Reason, "reason", 500);
        if (command.EffectiveFrom is { } from)
            v.Require(from > member.AdmittedOn, "effectiveFrom", $"The member was admitted on {member.AdmittedOn:uuuu-MM-dd}; it can only withdraw after that.");
        if (!v.IsValid) return v.Problem();

        stream.AppendOne(new MemberWithdrawn(memberId, consortiumId, command.EffectiveFrom!.Value, command.Reason.Trim(), clock.GetCurrentInstant()));
        return Results.Ok(new { id = memberId, withdrawnFrom = command.EffectiveFrom });
    }
}

/// <summary>The member and the date it is withdrawn from.</summary>
public sealed record MemberWithdrawal(Guid Id, LocalDate WithdrawnFrom);
