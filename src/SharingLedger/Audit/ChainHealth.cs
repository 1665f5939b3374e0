using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace SharingLedger.Audit;

/// <summary>
/// Readiness of the audit trail (tag <c>ready</c>, beside Infrastructure's database check): unhealthy (503) when events
/// older than the chain's grace period are unchained and the chain has not advanced for that long either. A stopped chain is not
/// a slow one: the audit trail no longer covers new events, so the service is not ready. A chain working through a backlog (a
/// large import commits a million events at once) is degraded, still 200: every node would otherwise leave service together.
/// </summary>
public sealed class ChainHealth(ChainMonitor chain) : IHealthCheck
{
    public const string Name = "chain";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        ChainLag lag;
        try
        {
            lag = await chain.CheckAsync(ct);
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy("The hash chain cannot be measured: PostgreSQL is not reachable.", e);
        }
        var data = new Dictionary<string, object> { ["chainHead"] = lag.Head, ["chainPending"] = lag.Pending, ["chainOverdue"] = lag.Overdue };
        if (lag.Stalled) return HealthCheckResult.Unhealthy(lag.AsBreak()!.Reason, data: data);
        // A backlog the writer is working through (a large import) keeps the node in service: degraded, answered 200.
        return lag.CatchingUp
            ? HealthCheckResult.Degraded($"The hash chain is catching up: {lag.Overdue} events recorded more than {lag.GraceSeconds} s ago are not chained yet; it is advancing.", data: data)
            : HealthCheckResult.Healthy("The hash chain is current.", data);
    }
}
