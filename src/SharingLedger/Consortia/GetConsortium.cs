using Marten;
using SharingLedger.Infrastructure.Marten;
using SharingLedger.Infrastructure.Http;
using Wolverine.Http;

namespace SharingLedger.Consortia;

public static class GetConsortiumEndpoint
{
    /// <summary>One consortium.</summary>
    [ProducesResponseType(typeof(Consortium), 200)]
    [Allow(Roles.Member, Roles.Finance, Roles.Auditor, Roles.Admin)]
    [WolverineGet("/consortia/{consortiumId}")]
    public static async Task<IResult> Get(Guid consortiumId, IQuerySession session, CancellationToken ct)
    {
        var consortium = await session.LoadAsync<Consortium>(consortiumId, ct);
        return consortium is null ? Problems.NotFound("consortium", consortiumId) : Results.Ok(consortium);
    }

    /// <summary>The consortia the caller may see, by name, a page at a time.</summary>
    /// <param name="limit">Consortia a page holds (default 100).</param>
    /// <param name="offset">Consortia to skip (default 0).</param>
    [ProducesResponseType(typeof(List<Consortium>), 200)]
    [Allow(Roles.Finance, Roles.Auditor, Roles.Admin, OperatorOnly = true)]
    [WolverineGet("/consortia")]
    public static async Task<IResult> List(int? limit, int? offset, IQuerySession session, IConfiguration configuration, HttpContext http, CancellationToken ct)
    {
        if (Paging.TryCreate(limit, offset, configuration, out var paging) is { } refused) return refused;
        // Across tenants on purpose: each consortium is its own tenant, and this list is the operator's ([Allow(..., OperatorOnly = true)]:
        // operators only), the one read that spans every consortium: in every database when consortia are placed in several.
        if (session.DocumentStore.HasSeveralDatabases())
        {
            // A few dozen consortia at most: each database's, put in one order here, then the page.
            var all = (await session.DocumentStore.InEveryDatabaseAsync(s => s.Query<Consortium>().Where(c => c.AnyTenant()).ToListAsync(ct), ct))
                .SelectMany(c => c).OrderBy(c => c.Name, StringComparer.Ordinal).ThenBy(c => c.Id).ToList();
            return paging.Respond(http, all.Count, all.Skip(paging.Offset).Take(paging.Limit).ToList());
        }
        return await paging.PageAsync(http, session.Query<Consortium>().Where(c => c.AnyTenant()).OrderBy(c => c.Name).ThenBy(c => c.Id), c => c, ct);
    }
}
