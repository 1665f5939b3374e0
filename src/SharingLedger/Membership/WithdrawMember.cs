using NodaTime;
using SharingLedger.Infrastructure.Http;
using Wolverine.Http;
using Wolverine.Marten;

namespace SharingLedger.Membership;

public sealed record WithdrawMember(LocalDate? EffectiveFrom, string Reason);

public static class WithdrawMemberEndpoint
{
    public static IResult Validate(WithdrawMember? command, Guid consortiumId, Guid memberId, Member? member) =>
        MemberContext.Validate(command, consortiumId, memberId, member);

    /// <summary>Withdraw a member from a date.</summary>
    [ProducesResponseType(typeof(MemberWithdrawal), 200)]
    [Allow(Roles.Admin)]
    [WolverinePost("/consortia/{consortiumId}/members/{memberId}/withdrawal")]
    public static (IResult, Events) Post(Guid memberId, WithdrawMember? command, IClock clock,
        [WriteAggregate("memberId", Required = false)] Member? member) =>
        MembershipDecisions.Withdraw(member!, command!, clock.GetCurrentInstant())
            .Respond(e => Results.Ok(new { id = memberId, withdrawnFrom = ((MemberWithdrawn)e).EffectiveFrom }));
}

/// <summary>The member and the date it is withdrawn from.</summary>
public sealed record MemberWithdrawal(Guid Id, LocalDate WithdrawnFrom);
