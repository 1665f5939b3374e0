using Marten;
using SharingLedger.Infrastructure;
using SharingLedger.Infrastructure.Http;
using Wolverine.Http;

namespace SharingLedger.Dues;

public static class GetDuesEndpoint
{
    /// <summary>A fiscal year's dues assessment with every member's share explained.</summary>
    [ProducesResponseType(typeof(DuesView), 200)]
    [Allow(Roles.Finance, Roles.Auditor, Roles.Admin)]
    [WolverineGet("/consortia/{consortiumId}/dues/{fiscalYear}")]
    public static async Task<IResult> Get(Guid consortiumId, int fiscalYear, IQuerySession session, CancellationToken ct)
    {
        var assessment = await session.LoadAsync<DuesAssessment>(StreamIds.Dues(consortiumId, fiscalYear), ct);
        return assessment is null
            ? Problems.NotFound($"dues assessment for fiscal year {fiscalYear} in consortium", consortiumId)
            : Results.Ok(DuesView.From(assessment.Current));
    }
}
