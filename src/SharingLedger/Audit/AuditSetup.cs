using JasperFx.Events.Projections;
using Marten;
using OpenTelemetry.Metrics;

namespace SharingLedger.Audit;

public static class AuditSetup
{
    /// <summary>
    /// The hash chain (an async projection; the daemon is added in MartenSetup) with its readiness check and meter, and the
    /// fiscal periods' snapshot. Called on the store's registration by the composition root (Host/ServiceSetup).
    /// </summary>
    public static MartenServiceCollectionExtensions.MartenConfigurationExpression AddAuditTrail(this MartenServiceCollectionExtensions.MartenConfigurationExpression marten)
    {
        marten.Services.AddSingleton<ChainMonitor>();
        marten.Services.AddHostedService<ChainWatch>();
        marten.Services.AddHealthChecks().AddCheck<ChainHealth>(ChainHealth.Name, tags: ["ready"]);
        marten.Services.ConfigureOpenTelemetryMeterProvider(m => m.AddMeter(ChainMonitor.MeterName));
        marten.Services.ConfigureMarten(opts =>
        {
            // Each consortium's links: one narrow row per event in ledger.chain_link (created by db-apply with the rest).
            ChainLinkFeature.Configure(opts);
            // Inline: the next closing or reopening checks the period's state, and the list is read straight after.
            opts.Projections.Snapshot<FiscalPeriods>(JasperFx.Events.Projections.SnapshotLifecycle.Inline);
        });
        return marten.AddProjectionWithServices<HashChainProjection>(ProjectionLifecycle.Async, ServiceLifetime.Singleton,
            p =>
            {
                p.Name = HashChainProjection.Name;
                // A rebuild starts the chains again from an empty table (Marten deletes its rows before replaying).
                p.Options.DeleteDataInTableOnTeardown(ChainLinkFeature.QualifiedName);
                // Larger batches when there is a backlog (catching up, a rebuild): one INSERT and one read per batch.
                p.Options.BatchSize = HashChainProjection.BatchSize;
            });
    }
}
