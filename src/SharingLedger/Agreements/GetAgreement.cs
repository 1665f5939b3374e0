using Marten;
using SharingLedger.Infrastructure;
using SharingLedger.Infrastructure.Http;
using Wolverine.Http;

namespace SharingLedger.Agreements;

public static class GetAgreementEndpoint
{
    /// <summary>The consortium's agreement with every version adopted.</summary>
    [ProducesResponseType(typeof(Agreement), 200)]
    [Allow(Roles.Member, Roles.Finance, Roles.Auditor, Roles.Admin)]
    [WolverineGet("/consortia/{consortiumId}/agreement")]
    public static async Task<IResult> Get(Guid consortiumId, IQuerySession session, CancellationToken ct)
    {
        var agreement = await session.LoadAsync<Agreement>(StreamIds.Agreement(consortiumId), ct);
        return agreement is null ? Problems.NotFound("agreement for consortium", consortiumId) : Results.Ok(agreement);
    }
}
