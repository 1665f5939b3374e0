using System.Text;
using Marten;
using NodaTime;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure.Http;
using Wolverine.Http;

namespace SharingLedger.Reconciliation;

public static class GetReconciliationEndpoint
{
    /// <summary>Every shared cost of a fiscal year against its vendor invoice and the shares billed (default: the current year).</summary>
    [ProducesResponseType(typeof(ReconciliationReport), 200)]
    [Allow(Roles.Finance, Roles.Auditor, Roles.Admin)]
    [WolverineGet("/consortia/{consortiumId}/reconciliation")]
    public static async Task<IResult> Get(Guid consortiumId, int? fiscalYear, IQuerySession session, IClock clock,
        IEnumerable<IReconciliationSource> sources, CancellationToken ct)
    {
        var consortium = await session.LoadAsync<Consortium>(consortiumId, ct);
        if (consortium is null) return Problems.NotFound("consortium", consortiumId);
        var year = fiscalYear ?? consortium.Calendar().YearOf(consortium.Calendar().Today(clock));
        if (year is < 1900 or > 9998) return Problems.RuleViolated("fiscalYear", "Must be a year such as 2026.");
        return Results.Ok(await ReconciliationReports.BuildAsync(session, consortium, year, sources, ct));
    }

    /// <summary>The same as CSV, for spreadsheets.</summary>
    [ProducesResponseType(typeof(string), 200, "text/csv")]
    [Allow(Roles.Finance, Roles.Auditor, Roles.Admin)]
    [WolverineGet("/consortia/{consortiumId}/reconciliation.csv")]
    public static async Task<IResult> GetCsv(Guid consortiumId, int? fiscalYear, IQuerySession session, IClock clock,
        IEnumerable<IReconciliationSource> sources, CancellationToken ct)
    {
        var consortium = await session.LoadAsync<Consortium>(consortiumId, ct);
        if (consortium is null) return Problems.NotFound("consortium", consortiumId);
        var year = fiscalYear ?? consortium.Calendar().YearOf(consortium.Calendar().Today(clock));
        if (year is < 1900 or > 9998) return Problems.RuleViolated("fiscalYear", "Must be a year such as 2026.");
        var report = await ReconciliationReports.BuildAsync(session, consortium, year, sources, ct);
        return Results.File(Encoding.UTF8.GetBytes(ReconciliationCsv.Write(report)), "text/csv; charset=utf-8",
            $"reconciliation-{year}.csv");
    }
}
