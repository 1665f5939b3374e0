using Marten;
using NodaTime;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure.Http;
using Wolverine.Http;

namespace SharingLedger.Membership;

/// <summary>
/// One member as every member of the consortium may see it: who it is, what kind of library, its hub and the ILL agency ids
/// its systems send, when it joined or left, and whether it is a library outside the consortium (<c>external</c>). None of its figures (FTE, population, materials budget): those drive others'
/// shares and are finance's.
/// </summary>
public sealed record DirectoryEntry(Guid Id, string Code, string Name, MemberKind Kind, Guid? HubId, IReadOnlyList<string> IllAgencyIds,
    LocalDate AdmittedOn, LocalDate? WithdrawnOn, bool External = false)
{
    public static DirectoryEntry Of(Member m)
    {
        var now = m.Current;
        return new DirectoryEntry(m.Id, m.Code, now.Name, now.Kind, now.HubId, m.IllAgencyIds, m.AdmittedOn, m.WithdrawnOn, m.External);
    }
}

public static class GetDirectoryEndpoint
{
    /// <summary>
    /// The consortium's member directory, by code, a page at a time: what a member library needs to name a lender or a
    /// partner, for every role, members included.
    /// </summary>
    /// <param name="limit">Members a page holds (default 100).</param>
    /// <param name="offset">Members to skip (default 0).</param>
    [ProducesResponseType(typeof(List<DirectoryEntry>), 200)]
    [Allow(Roles.Member, Roles.Finance, Roles.Auditor, Roles.Admin)]
    [WolverineGet("/consortia/{consortiumId}/directory")]
    public static async Task<IResult> List(Guid consortiumId, int? limit, int? offset, IQuerySession session, IConfiguration configuration,
        HttpContext http, CancellationToken ct)
    {
        if (Paging.TryCreate(limit, offset, configuration, out var paging) is { } refused) return refused;
        if (await session.LoadAsync<Consortium>(consortiumId, ct) is null) return Problems.NotFound("consortium", consortiumId);
        return await paging.PageAsync(http, session.Query<Member>().Where(m => m.ConsortiumId == consortiumId).OrderBy(m => m.Code).ThenBy(m => m.Id),
            DirectoryEntry.Of, ct);
    }
}
