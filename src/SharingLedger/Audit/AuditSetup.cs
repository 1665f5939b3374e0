using JasperFx.Events.Projections;
using Marten;

namespace SharingLedger.Audit;

public static class AuditSetup
{
    /// <summary>The hash chain (an async projection; the daemon is added in MartenSetup) and the fiscal periods' snapshot.</summary>
    public static MartenServiceCollectionExtensions.MartenConfigurationExpression AddAuditTrail(this MartenServiceCollectionExtensions.MartenConfigurationExpression marten)
    {
        marten.Services.AddSingleton<ChainMonitor>();
        marten.Services.AddHostedService<ChainWatch>();
        marten.Services.ConfigureMarten(opts =>
        {
            opts.Schema.For<ChainLink>();
            // Inline: the next closing or reopening checks the period's state, and the list is read straight after.
            opts.Projections.Snapshot<FiscalPeriods>(JasperFx.Events.Projections.SnapshotLifecycle.Inline);
        });
        return marten.AddProjectionWithServices<HashChainProjection>(ProjectionLifecycle.Async, ServiceLifetime.Singleton,
            p => p.Name = HashChainProjection.Name);
    }
}
