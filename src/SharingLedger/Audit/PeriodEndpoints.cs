using Marten;
using NodaTime;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure;
using SharingLedger.Infrastructure.Http;
using Wolverine.Http;

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

    /// <summary>
    /// Close a monthly period that is over (the council's auditor). Records the hash chain's head as the period's digest.
    /// 409 when it is already closed; 422 when it is not over yet.
    /// </summary>
    [ProducesResponseType(typeof(PeriodView), 200)]
    [Allow(Roles.Auditor)]
    [WolverinePost("/consortia/{consortiumId}/periods/{period}/closing")]
    public static async Task<IResult> Close(Guid consortiumId, string period, HttpContext http, IDocumentSession session,
        IDocumentStore store, IClock clock, CancellationToken ct)
    {
        var consortium = await session.LoadAsync<Consortium>(consortiumId, ct);
        if (consortium is null) return Problems.NotFound("consortium", consortiumId);
        if (!PeriodRules.TryParse(period, out var month)) return Problems.BadRequest("The period must be a month, yyyy-MM (e.g. 2026-10).");

        var stream = await session.Events.FetchForWriting<FiscalPeriods>(StreamIds.FiscalPeriods(consortiumId), ct);
        if (stream.Aggregate?.IsClosed(month) == true)
            return Problems.Conflict($"The period {PeriodRules.Format(month)} is already closed.");
        var dates = PeriodRules.Dates(month);
        var today = consortium.Calendar().Today(clock);
        if (dates.End >= today)
            return Problems.RuleViolated("period", $"{PeriodRules.Format(month)} is not over yet (today is {today:uuuu-MM-dd}); close it from the first day after it.");

        var digest = await ChainVerifier.HeadAsync(session, ct);
        var stats = await store.Advanced.FetchEventStoreStatistics(token: ct);
        var closed = new PeriodClosed(consortiumId, PeriodRules.Format(month), dates.Start, dates.End,
            consortium.Calendar().YearOf(dates.Start), digest, stats.EventSequenceNumber, Who(http), clock.GetCurrentInstant());
        stream.AppendOne(closed); // Wolverine commits; a concurrent closing collides on the stream version: 409
        var after = FiscalPeriods.CopyOf(stream.Aggregate);
        after.Apply(closed);
        return Results.Ok(View(month, after));
    }

    /// <summary>Reopen a closed period (the council's auditor); the reason is required and recorded. 409 when it is open.</summary>
    [ProducesResponseType(typeof(PeriodView), 200)]
    [Allow(Roles.Auditor)]
    [WolverinePost("/consortia/{consortiumId}/periods/{period}/reopening")]
    public static async Task<IResult> Reopen(Guid consortiumId, string period, ReopenPeriod? body, HttpContext http,
        IDocumentSession session, IClock clock, CancellationToken ct)
    {
        if (body is null) return Problems.BadRequest("A body with the reason is required.");
        var consortium = await session.LoadAsync<Consortium>(consortiumId, ct);
        if (consortium is null) return Problems.NotFound("consortium", consortiumId);
        if (!PeriodRules.TryParse(period, out var month)) return Problems.BadRequest("The period must be a month, yyyy-MM (e.g. 2026-10).");

        var stream = await session.Events.FetchForWriting<FiscalPeriods>(StreamIds.FiscalPeriods(consortiumId), ct);
        if (stream.Aggregate?.IsClosed(month) != true)
            return Problems.Conflict($"The period {PeriodRules.Format(month)} is open; only a closed period can be reopened.");
        var validation = new Validation().NotBlank(body.Reason, "reason", 1000);
        if (!validation.IsValid) return validation.Problem();

        var reopened = new PeriodReopened(consortiumId, PeriodRules.Format(month), body.Reason!.Trim(), Who(http), clock.GetCurrentInstant());
        stream.AppendOne(reopened);
        var after = FiscalPeriods.CopyOf(stream.Aggregate);
        after.Apply(reopened);
        return Results.Ok(View(month, after));
    }

    private static string Who(HttpContext http) => http.User.Identity?.Name ?? "unknown";


    private static PeriodView View(YearMonth month, FiscalPeriods? periods)
    {
        var dates = PeriodRules.Dates(month);
        var record = periods?.Find(PeriodRules.Format(month));
        var closing = record is { Closed: true } ? record.History.LastOrDefault(a => a.Action == "closed") : null;
        return new PeriodView(PeriodRules.Format(month), dates.Start, dates.End, record?.Closed == true ? "closed" : "open",
            closing?.At, closing?.By, closing?.Digest, closing?.EventLogSequence, record?.History ?? []);
    }
}
