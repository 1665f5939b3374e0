using Marten;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure.Http;
using Wolverine.Http;

namespace SharingLedger.Membership;

public static class GetMembersEndpoint
{
    /// <summary>The consortium's members with their effective-dated figures, by code, a page at a time.</summary>
    /// <param name="limit">Members a page holds (default 100).</param>
    /// <param name="offset">Members to skip (default 0).</param>
    [ProducesResponseType(typeof(List<Member>), 200)]
    [Allow(Roles.Finance, Roles.Auditor, Roles.Admin)]
    [WolverineGet("/consortia/{consortiumId}/members")]
    public static async Task<IResult> List(Guid consortiumId, int? limit, int? offset, IQuerySession session, IConfiguration configuration,
        HttpContext http, CancellationToken ct)
    {
        if (Paging.TryCreate(limit, offset, configuration, out var paging) is { } refused) return refused;
        if (await session.LoadAsync<Consortium>(consortiumId, ct) is null) return Problems.NotFound("consortium", consortiumId);
        return await paging.PageAsync(http, session.Query<Member>().Where(m => m.ConsortiumId == consortiumId).OrderBy(m => m.Code).ThenBy(m => m.Id),
            m => m, ct);
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
