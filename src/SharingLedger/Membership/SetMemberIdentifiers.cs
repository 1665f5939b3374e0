using Marten;
using NodaTime;
using SharingLedger.Infrastructure.Http;
using Wolverine.Http;
using Wolverine.Marten;

namespace SharingLedger.Membership;

public sealed record SetMemberIdentifiers(IReadOnlyList<string>? CounterInstitutionIds, IReadOnlyList<string>? IllAgencyIds);

public static class SetMemberIdentifiersEndpoint
{
    public static IResult Validate(SetMemberIdentifiers? command, Guid consortiumId, Guid memberId, Member? member) =>
        MemberContext.Validate(command, consortiumId, memberId, member);

    public static async Task<OtherMembers> LoadAsync(Guid consortiumId, Guid memberId, IDocumentSession session, CancellationToken ct) =>
        new(await session.Query<Member>().Where(m => m.ConsortiumId == consortiumId && m.Id != memberId).ToListAsync(ct));

    /// <summary>
    /// Replace the member's external identifiers, list by list: a list that is given replaces the member's (<c>[]</c>
    /// clears it), a list left out (or null) stays as it is, and a body with neither is a 422 (nothing to change).
    /// Each identifier may belong to one member of the consortium (409 otherwise).
    /// </summary>
    [ProducesResponseType(typeof(MemberIdentifiers), 200)]
    [Allow(Roles.Admin)]
    [WolverinePost("/consortia/{consortiumId}/members/{memberId}/identifiers")]
    public static (IResult, Events) Post(Guid memberId, SetMemberIdentifiers? command, OtherMembers others, IClock clock,
        [WriteAggregate("memberId", Required = false)] Member? member) =>
        MembershipDecisions.SetIdentifiers(member!, command!, others.Members, clock.GetCurrentInstant())
            .Respond(e => Results.Ok(new { id = memberId, counterInstitutionIds = ((MemberIdentifiersSet)e).CounterInstitutionIds,
                illAgencyIds = ((MemberIdentifiersSet)e).IllAgencyIds }));
}

/// <summary>The member's COUNTER institution ids and ISO 18626 agency ids, as now set.</summary>
public sealed record MemberIdentifiers(Guid Id, IReadOnlyList<string> CounterInstitutionIds, IReadOnlyList<string> IllAgencyIds);
