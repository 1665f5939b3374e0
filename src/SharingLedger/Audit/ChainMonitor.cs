using System.Diagnostics.Metrics;
using Marten;
using Npgsql;
using SharingLedger.Infrastructure.Marten;

namespace SharingLedger.Audit;

/// <summary>
/// How far the hash chain trails the event log. <see cref="Overdue"/> counts events (tombstones aside) recorded more than
/// <see cref="GraceSeconds"/> ago that have no link yet; <see cref="Stopped"/> those of them in a database whose chain writer has not
/// advanced for that long either: the chain has stopped, and readiness, the verification endpoint and <c>verify-chain</c> all say so.
/// Overdue events while the writer advances are a backlog it is working through (after a large import): <see cref="CatchingUp"/>.
/// </summary>
public sealed record ChainLag(long Head, long Pending, long Overdue, long? FirstOverdueSequence, int GraceSeconds, long Stopped = 0,
    long? FirstStoppedSequence = null)
{
    public bool Stalled => Stopped > 0;

    public bool CatchingUp => Overdue > 0 && !Stalled;

    public ChainBreak? AsBreak() => Stalled
        ? ChainBreak.Of(FirstStoppedSequence ?? Head + 1, null, null,
            new BreakReason("chain-stalled", "The chain has stopped: {0} events recorded more than {1} s ago are not chained yet (the first at sequence {2}). " +
                "Changes to them would go undetected until the chain catches up; check the service's log for the projection error.",
                $"{Stopped}", $"{GraceSeconds}", $"{FirstStoppedSequence}"))
        : null;

    /// <summary>Two databases' lags as one (each has its own writer): the head is the furthest either has come.</summary>
    public ChainLag Plus(ChainLag other) => new(Math.Max(Head, other.Head), Pending + other.Pending, Overdue + other.Overdue,
        FirstOverdueSequence ?? other.FirstOverdueSequence, GraceSeconds, Stopped + other.Stopped, FirstStoppedSequence ?? other.FirstStoppedSequence);
}

/// <summary>
/// Measures the chain's lag (<see cref="CheckAsync(CancellationToken)"/>), and publishes it as the metrics <c>ledger.chain.stopped_events</c>
/// (alert when above 0), <c>ledger.chain.overdue_events</c> (a backlog; alert when it lasts) and <c>ledger.chain.pending_events</c> from the last check.
/// </summary>
public sealed class ChainMonitor
{
    public const string MeterName = "SharingLedger";

    private readonly IDocumentStore _store;
    private ChainLag? _last;

    public ChainMonitor(IDocumentStore store, IConfiguration configuration, IMeterFactory meters)
    {
        _store = store;
        GraceSeconds = Math.Max(1, configuration.GetValue("Audit:ChainGraceSeconds", 60));
        var meter = meters.Create(MeterName);
        meter.CreateObservableGauge("ledger.chain.overdue_events", () => _last?.Overdue ?? 0, "{event}",
            "Events recorded longer ago than the grace period and not yet in the hash chain: a backlog (after a large import) or a stop.");
        meter.CreateObservableGauge("ledger.chain.stopped_events", () => _last?.Stopped ?? 0, "{event}",
            "Overdue events in a database whose chain has not advanced for the grace period either; above 0 the chain has stopped.");
        meter.CreateObservableGauge("ledger.chain.pending_events", () => _last?.Pending ?? 0, "{event}",
            "Events not yet in the hash chain.");
    }

    public int GraceSeconds { get; }

    public ChainLag? Last => _last;

    /// <summary>The lag over every consortium's events (readiness, the metrics, the operator's <c>verify-chain</c>).</summary>
    public async Task<ChainLag> CheckAsync(CancellationToken ct) => _last = await MeasureOrEmptyAsync(null, ct);

    /// <summary>The lag over one consortium's events (its verification); leaves the published metrics alone.</summary>
    public Task<ChainLag> CheckAsync(string tenantId, CancellationToken ct) => MeasureOrEmptyAsync(tenantId, ct);

    private async Task<ChainLag> MeasureOrEmptyAsync(string? tenantId, CancellationToken ct)
    {
        if (tenantId is not null) return await MeasureOrEmptyAsync(await _store.Storage.FindOrCreateDatabase(tenantId), tenantId, ct);
        // The whole log: every database's (one chain writer each), added up; the head is the furthest any writer has come.
        ChainLag? total = null;
        foreach (var database in await _store.Storage.AllDatabases())
        {
            var lag = await MeasureOrEmptyAsync(database, null, ct);
            total = total is null ? lag : total.Plus(lag);
        }
        return total ?? new ChainLag(0, 0, 0, null, GraceSeconds);
    }

    private async Task<ChainLag> MeasureOrEmptyAsync(global::Marten.Storage.IMartenDatabase database, string? tenantId, CancellationToken ct)
    {
        try
        {
            return await MeasureAsync(database, tenantId, ct);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return new ChainLag(0, 0, 0, null, GraceSeconds); // a new database: Marten has not created the event table yet
        }
    }

    private async Task<ChainLag> MeasureAsync(global::Marten.Storage.IMartenDatabase database, string? tenantId, CancellationToken ct)
    {
        // The chain's writer goes through the database's log in sequence order, one chain per consortium: the highest link of any
        // consortium there is how far it has come, and every event after it is unchained. Read across tenants on purpose (the
        // operator's measure of the one writer), then counted for one consortium when asked.
        await database.EnsureStorageExistsAsync(typeof(ChainLinkFeature), ct);
        var dataSource = ConsortiumTenancy.DataSourceOf(database);
        var head = await ChainLinks.HighestAsync(dataSource, ct);
        // Whether the writer has advanced within the grace period: the daemon stamps its progress row each time it commits a batch.
        await using var command = dataSource.CreateCommand(
            $"select count(*), count(*) filter (where timestamp < now() - $2 * interval '1 second'), " +
            $"min(seq_id) filter (where timestamp < now() - $2 * interval '1 second'), " +
            $"coalesce((select max(last_updated) >= now() - $2 * interval '1 second' from {MartenSetup.Schema}.mt_event_progression " +
            $"where name like '{HashChainProjection.Name}:%'), false) " +
            $"from {MartenSetup.Schema}.mt_events where seq_id > $1 and {ChainCanonicalForm.NotTombstone}" +
            (tenantId is null ? "" : " and tenant_id = $3"));
        command.Parameters.Add(new NpgsqlParameter { Value = head });
        command.Parameters.Add(new NpgsqlParameter { Value = GraceSeconds });
        if (tenantId is not null) command.Parameters.Add(new NpgsqlParameter { Value = tenantId });
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var (overdue, first, moving) = (reader.GetInt64(1), reader.IsDBNull(2) ? (long?)null : reader.GetInt64(2), reader.GetBoolean(3));
        return new ChainLag(head, reader.GetInt64(0), overdue, first, GraceSeconds, moving ? 0 : overdue, moving ? null : first);
    }
}

/// <summary>Checks the chain every <c>Audit:ChainCheckSeconds</c> (default 15) so the metric is current, and logs when it stops or resumes.</summary>
public sealed class ChainWatch(ChainMonitor monitor, IConfiguration configuration, ILogger<ChainWatch> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var every = TimeSpan.FromSeconds(Math.Max(1, configuration.GetValue("Audit:ChainCheckSeconds", 15)));
        var (stalled, catchingUp) = (false, false);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var lag = await monitor.CheckAsync(stoppingToken);
                if (lag.Stalled && !stalled)
                    log.LogError("The hash chain has stopped: {Overdue} events older than {Grace} s are not chained (first at sequence {Sequence}).",
                        lag.Stopped, lag.GraceSeconds, lag.FirstStoppedSequence);
                else if (lag.CatchingUp && !catchingUp)
                    log.LogWarning("The hash chain is catching up: {Overdue} events older than {Grace} s are not chained yet (first at sequence {Sequence}); it is advancing.",
                        lag.Overdue, lag.GraceSeconds, lag.FirstOverdueSequence);
                else if (!lag.Stalled && !lag.CatchingUp && (stalled || catchingUp))
                    log.LogInformation("The hash chain has caught up (head at sequence {Head}).", lag.Head);
                stalled = lag.Stalled;
                catchingUp = lag.CatchingUp;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                log.LogWarning(e, "Could not measure the hash chain's lag.");
            }
            try { await Task.Delay(every, stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }
}
