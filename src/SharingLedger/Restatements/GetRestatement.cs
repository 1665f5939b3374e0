using System.Text;
using Marten;
using SharingLedger.Agreements;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure;
using SharingLedger.Infrastructure.Http;
using Wolverine.Http;

namespace SharingLedger.Restatements;

public static class GetRestatementEndpoint
{
    /// <summary>What agreement version <c>version</c> restated: per member, per item, before, after and difference, with totals.</summary>
    [ProducesResponseType(typeof(RestatementReport), 200)]
    [Allow(Roles.Finance, Roles.Auditor, Roles.Admin)]
    [WolverineGet("/consortia/{consortiumId}/agreement/versions/{version}/restatement")]
    public static async Task<IResult> Get(Guid consortiumId, int version, IQuerySession session, CancellationToken ct)
    {
        var (report, problem) = await LoadAsync(consortiumId, version, session, ct);
        return problem ?? Results.Ok(report);
    }

    /// <summary>The same as CSV, for spreadsheets.</summary>
    [ProducesResponseType(typeof(string), 200, "text/csv")]
    [Allow(Roles.Finance, Roles.Auditor, Roles.Admin)]
    [WolverineGet("/consortia/{consortiumId}/agreement/versions/{version}/restatement.csv")]
    public static async Task<IResult> GetCsv(Guid consortiumId, int version, IQuerySession session, CancellationToken ct)
    {
        var (report, problem) = await LoadAsync(consortiumId, version, session, ct);
        return problem ?? Results.File(Encoding.UTF8.GetBytes(RestatementCsv.Write(report!)), "text/csv; charset=utf-8",
            $"restatement-v{version}.csv");
    }

    private static async Task<(RestatementReport? Report, IResult? Problem)> LoadAsync(Guid consortiumId, int version, IQuerySession session, CancellationToken ct)
    {
        var consortium = await session.LoadAsync<Consortium>(consortiumId, ct);
        if (consortium is null) return (null, Problems.NotFound("consortium", consortiumId));
        var agreement = await session.LoadAsync<Agreement>(StreamIds.Agreement(consortiumId), ct);
        var amendment = agreement?.Versions.FirstOrDefault(v => v.Version == version);
        if (amendment is null) return (null, Problems.NotFound($"agreement version {version} of consortium", consortiumId));
        return (await RestatementReports.BuildAsync(session, consortium, amendment, ct), null);
    }
}
