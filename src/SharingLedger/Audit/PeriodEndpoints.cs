using Marten;
using NodaTime;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure;
using SharingLedger.Infrastructure.Http;
using JasperFx.Events;
using Wolverine.Http;
using Wolverine.Http.Marten;
using Wolverine.Marten;

namespace SharingLedger.Audit;

/// <summary>One monthly period as the council sees it.</summary>
public sealed record PeriodView(
    string Period, LocalDate Start, LocalDate End, string Status, Instant? ClosedAt, string? ClosedBy,
    ChainDigest? Digest, long? EventLogSequence, IReadOnlyList<PeriodAct> History);

public sealed record PeriodsView(Guid ConsortiumId, int FiscalYear, LocalDate Start, LocalDate End, IReadOnlyList<PeriodView> Periods);

/// <summary>Body of a reopening: why (required).</summary>
public sealed record ReopenPeriod(string? Reason);

public static class PeriodEndpoints
{
    /// <summary>The fiscal year's twelve monthly periods (default: the current fiscal year) with status and, when closed, the digest.</summary>
    [ProducesResponseType(typeof(PeriodsView), 200)]
    [Allow(Roles.Finance, Roles.Auditor, Roles.Admin)]
    [WolverineGet("/consortia/{consortiumId}/periods")]
    public static async Task<IResult> List(Guid consortiumId, int? fiscalYear, IQuerySession session, IClock clock, CancellationToken ct)
    {
        var consortium = await session.LoadAsync<Consortium>(consortiumId, ct);
        if (consortium is null) return Problems.NotFound("consortium", consortiumId);
        var calendar = consortium.Calendar();
        var year = fiscalYear ?? calendar.YearOf(calendar.Today(clock));
        if (year is < 1900 or > 9998) return Problems.RuleViolated("fiscalYear", "Must be between 1900 and 9998.");
        var periods = await session.LoadAsync<FiscalPeriods>(StreamIds.FiscalPeriods(consortiumId), ct);
        var dates = calendar.Year(year);
        var list = Enumerable.Range(0, 12).Select(i => View(dates.Start.PlusMonths(i).ToYearMonth(), periods)).ToList();
        return Results.Ok(new PeriodsView(consortiumId, year, dates.Start, dates.End, list));
    }

    /// <summary>Who acts, as recorded with a closing or reopening.</summary>
    internal static string Who(HttpContext http) => http.User.Identity?.Name ?? "unknown";

    /// <summary>The month's view after <paramref name="act"/>, on a copy of the periods (the fetched ones are left to the projection).</summary>
    internal static IResult After(YearMonth month, FiscalPeriods? periods, object act)
    {
        var after = FiscalPeriods.CopyOf(periods);
        if (act is PeriodClosed closed) after.Apply(closed);
        else if (act is PeriodReopened reopened) after.Apply(reopened);
        return Results.Ok(View(month, after));
    }

    private static PeriodView View(YearMonth month, FiscalPeriods? periods)
    {
        var dates = PeriodRules.Dates(month);
        var record = periods?.Find(PeriodRules.Format(month));
        var closing = record is { Closed: true } ? record.History.LastOrDefault(a => a.Action == "closed") : null;
        return new PeriodView(PeriodRules.Format(month), dates.Start, dates.End, record?.Closed == true ? "closed" : "open",
            closing?.At, closing?.By, closing?.Digest, closing?.EventLogSequence, record?.History ?? []);
    }
}

/// <summary>Closing and reopening share what Wolverine loads: the consortium, and its periods stream for writing.</summary>
internal static class PeriodContext
{
    public static Guid PeriodsId(Guid consortiumId) => StreamIds.FiscalPeriods(consortiumId);

    /// <summary>An unknown consortium is a 404; a period that is not a month a 400.</summary>
    public static IResult Validate(Guid consortiumId, Consortium? consortium, string period)
    {
        if (consortium is null) return Problems.NotFound("consortium", consortiumId);
        if (!PeriodRules.TryParse(period, out _)) return Problems.BadRequest("The period must be a month, yyyy-MM (e.g. 2026-10).");
        return WolverineContinue.Result();
    }

    public static YearMonth Month(string period) => PeriodRules.TryParse(period, out var month) ? month : default;
}

public static class PeriodCloseEndpoint
{
    public static Guid PeriodsId(Guid consortiumId) => PeriodContext.PeriodsId(consortiumId);
    public static IResult Validate(Guid consortiumId, Consortium? consortium, string period) => PeriodContext.Validate(consortiumId, consortium, period);

    /// <summary>The chain's head and the log's highest sequence, read after the periods stream was fetched for writing.</summary>
    public static async Task<ClosingFacts> LoadAsync(IEventStream<FiscalPeriods> periods, IDocumentSession session, IDocumentStore store, CancellationToken ct) =>
        new(await ChainVerifier.HeadAsync(session, ct), (await store.Advanced.FetchEventStoreStatistics(session.TenantId, ct)).EventSequenceNumber); // the consortium's database's log

    /// <summary>
    /// Close a monthly period that is over (the council's auditor). Records the hash chain's head as the period's digest.
    /// 409 when it is already closed; 422 when it is not over yet.
    /// </summary>
    [ProducesResponseType(typeof(PeriodView), 200)]
    [Allow(Roles.Auditor)]
    [WolverinePost("/consortia/{consortiumId}/periods/{period}/closing")]
    public static (IResult, Events) Post(string period, [NotBody] ClosingFacts facts, HttpContext http, IClock clock,
        [Document("consortiumId", Required = false)] Consortium? consortium,
        [WriteAggregate(FromMethod = nameof(PeriodsId), Required = false)] FiscalPeriods? periods)
    {
        var month = PeriodContext.Month(period);
        // Wolverine appends at the version fetched: a concurrent closing collides (409).
        return PeriodDecisions.Close(periods, month, consortium!, facts, consortium!.Calendar().Today(clock), PeriodEndpoints.Who(http), clock.GetCurrentInstant())
            .Respond(e => PeriodEndpoints.After(month, periods, e));
    }
}

public static class PeriodReopenEndpoint
{
    public static Guid PeriodsId(Guid consortiumId) => PeriodContext.PeriodsId(consortiumId);

    public static IResult Validate(ReopenPeriod? body, Guid consortiumId, Consortium? consortium, string period) =>
        body is null ? Problems.BadRequest("A body with the reason is required.") : PeriodContext.Validate(consortiumId, consortium, period);

    /// <summary>Reopen a closed period (the council's auditor); the reason is required and recorded. 409 when it is open.</summary>
    [ProducesResponseType(typeof(PeriodView), 200)]
    [Allow(Roles.Auditor)]
    [WolverinePost("/consortia/{consortiumId}/periods/{period}/reopening")]
    public static (IResult, Events) Post(Guid consortiumId, string period, ReopenPeriod? body, HttpContext http, IClock clock,
        [Document("consortiumId", Required = false)] Consortium? consortium,
        [WriteAggregate(FromMethod = nameof(PeriodsId), Required = false)] FiscalPeriods? periods)
    {
        var month = PeriodContext.Month(period);
        return PeriodDecisions.Reopen(periods, month, consortiumId, body!, PeriodEndpoints.Who(http), clock.GetCurrentInstant())
            .Respond(e => PeriodEndpoints.After(month, periods, e));
    }
}
