using Marten;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure.Http;
using Wolverine.Http;

namespace SharingLedger.Membership;

public static class GetMembersEndpoint
{
    /// <summary>The consortium's members with their effective-dated figures.</summary>
    [ProducesResponseType(typeof(List<Member>), 200)]
    [Allow(Roles.Finance, Roles.Auditor, Roles.Admin)]
    [WolverineGet("/consortia/{consortiumId}/members")]
    public static async Task<IResult> List(Guid consortiumId, IQuerySession session, CancellationToken ct)
    {
        if (await session.LoadAsync<Consortium>(consortiumId, ct) is null) return Problems.NotFound("consortium", consortiumId);
        var members = await session.Query<Member>().Where(m => m.ConsortiumId == consortiumId).OrderBy(m => m.Code).ToListAsync(ct);
        return Results.Ok(members);
    }

    /// <summary>One member with its effective-dated figures.</summary>
    [ProducesResponseType(typeof(Member), 200)]
    [Allow(Roles.Member, Roles.Finance, Roles.Auditor, Roles.Admin)]
    [WolverineGet("/consortia/{consortiumId}/members/{memberId}")]
    public static async Task<IResult> Get(Guid consortiumId, Guid memberId, IQuerySession session, CancellationToken ct)
    {
        var member = await session.LoadAsync<Member>(memberId, ct);
        return member is null || member.ConsortiumId != consortiumId ? Problems.NotFound("member", memberId) : Results.Ok(member);
    }
}
