using Marten;
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

    /// <summary>The consortia the caller may see.</summary>
    [Allow(Roles.Finance, Roles.Auditor, Roles.Admin, OperatorOnly = true)]
    [WolverineGet("/consortia")]
    public static async Task<IReadOnlyList<Consortium>> List(IQuerySession session, CancellationToken ct) =>
        // Across tenants on purpose: each consortium is its own tenant, and this list is the operator's ([Allow(..., OperatorOnly = true)]:
        // operators only), the one read that spans every consortium.
        await session.Query<Consortium>().Where(c => c.AnyTenant()).OrderBy(c => c.Name).ToListAsync(ct);
}
