using Marten;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace SharingLedger.Infrastructure.Api;

/// <summary>
/// Readiness: PostgreSQL answers, and no asynchronous projection lags the event log by more than a threshold (degraded).
/// Slices add readiness checks of their own with the tag <c>ready</c> (the hash chain's: Audit/ChainHealth).
/// </summary>
public sealed class LedgerReadiness(NpgsqlDataSource dataSource, IDocumentStore store, IConfiguration configuration) : IHealthCheck
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
        var data = new Dictionary<string, object> { ["highWaterMark"] = stats.EventSequenceNumber, ["asyncShards"] = progress.Count };
        return lagging.Count == 0
            ? HealthCheckResult.Healthy("PostgreSQL reachable; projections current.", data)
            : HealthCheckResult.Degraded($"Projections lagging more than {threshold} events: {string.Join(", ", lagging)}.", data: data);
    }
}
