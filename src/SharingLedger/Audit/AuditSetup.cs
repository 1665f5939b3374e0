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
            // Each consortium's links in its tenant (the primary key is tenant, then sequence: a consortium's chain in order);
            // the index on the sequence alone finds how far the one writer has come across every consortium (ChainMonitor).
            opts.Schema.For<ChainLink>();
            opts.Policies.ForAllDocuments(mapping =>
            {
                if (mapping.DocumentType == typeof(ChainLink)) mapping.Indexes.Add(new Marten.Schema.DocumentIndex(mapping, "id") { Name = "mt_doc_chainlink_idx_sequence" });
            });
            // Inline: the next closing or reopening checks the period's state, and the list is read straight after.
            opts.Projections.Snapshot<FiscalPeriods>(JasperFx.Events.Projections.SnapshotLifecycle.Inline);
        });
        return marten.AddProjectionWithServices<HashChainProjection>(ProjectionLifecycle.Async, ServiceLifetime.Singleton,
            p => p.Name = HashChainProjection.Name);
    }
}
