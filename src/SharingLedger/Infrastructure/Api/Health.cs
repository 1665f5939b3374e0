using Marten;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace SharingLedger.Infrastructure.Api;

/// <summary>
/// Readiness: PostgreSQL answers, the hash chain has not stopped (unhealthy, 503, when events older than its grace period are
/// unchained), and no asynchronous projection lags the event log by more than a threshold (degraded).
/// </summary>
public sealed class LedgerReadiness(NpgsqlDataSource dataSource, IDocumentStore store, IConfiguration configuration, Audit.ChainMonitor chain) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            await using var command = dataSource.CreateCommand("select 1");
            await command.ExecuteScalarAsync(ct);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy("PostgreSQL is not reachable.", e);
        }

        var threshold = configuration.GetValue("Health:MaxProjectionLag", 1000L);
        var stats = await store.Advanced.FetchEventStoreStatistics(token: ct);
        var progress = await store.Advanced.AllProjectionProgress(token: ct);
        var lagging = progress.Where(p => stats.EventSequenceNumber - p.Sequence > threshold).Select(p => p.ShardName).ToList();
        var lag = await chain.CheckAsync(ct);
        var data = new Dictionary<string, object>
        {
            ["highWaterMark"] = stats.EventSequenceNumber, ["asyncShards"] = progress.Count,
            ["chainHead"] = lag.Head, ["chainPending"] = lag.Pending, ["chainOverdue"] = lag.Overdue,
        };
        // A stopped chain is not a slow one: the audit trail no longer covers new events, so the service is not ready.
        if (lag.Stalled) return HealthCheckResult.Unhealthy(lag.AsBreak()!.Reason, data: data);
        return lagging.Count == 0
            ? HealthCheckResult.Healthy("PostgreSQL reachable; projections current.", data)
            : HealthCheckResult.Degraded($"Projections lagging more than {threshold} events: {string.Join(", ", lagging)}.", data: data);
    }
}
