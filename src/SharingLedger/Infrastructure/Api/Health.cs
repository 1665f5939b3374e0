using Marten;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace SharingLedger.Infrastructure.Api;

/// <summary>
/// Readiness: the node has warmed up (<see cref="WarmUpGate"/>), PostgreSQL answers, and no asynchronous projection lags the event log by more than a threshold (degraded).
/// Slices add readiness checks of their own with the tag <c>ready</c> (the hash chain's: Audit/ChainHealth).
/// </summary>
public sealed class LedgerReadiness(IDocumentStore store, IConfiguration configuration, WarmUpGate warmUp) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        if (!warmUp.IsOpen) return HealthCheckResult.Unhealthy("Warming up: the hot endpoints are being run before the node takes traffic.");
        // Every database of the store: the one, or each a consortium can be placed in (docs/architecture.md, "More than one database").
        var databases = await store.Storage.AllDatabases();
        try
        {
            foreach (var database in databases)
            {
                await using var command = SharingLedger.Infrastructure.Marten.ConsortiumTenancy.DataSourceOf(database).CreateCommand("select 1");
                await command.ExecuteScalarAsync(ct);
            }
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy("PostgreSQL is not reachable.", e);
        }

        var threshold = configuration.GetValue("Health:MaxProjectionLag", 1000L);
        long highWaterMark = 0, shards = 0;
        var lagging = new List<string>();
        foreach (var database in databases)
        {
            var stats = await database.FetchEventStoreStatistics(ct);
            var progress = await database.AllProjectionProgress(ct);
            highWaterMark = Math.Max(highWaterMark, stats.EventSequenceNumber);
            shards += progress.Count;
            lagging.AddRange(progress.Where(p => stats.EventSequenceNumber - p.Sequence > threshold)
                .Select(p => databases.Count > 1 ? $"{p.ShardName} ({database.Id.Identity})" : p.ShardName));
        }
        var data = new Dictionary<string, object> { ["highWaterMark"] = highWaterMark, ["asyncShards"] = (int)shards };
        if (warmUp.Summary is { } summary) data["warmUp"] = summary;
        return lagging.Count == 0
            ? HealthCheckResult.Healthy("PostgreSQL reachable; projections current.", data)
            : HealthCheckResult.Degraded($"PostgreSQL reachable; projections lagging more than {threshold} events: {string.Join(", ", lagging)}.", data: data);
    }
}
