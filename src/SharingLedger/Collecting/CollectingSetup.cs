using JasperFx.Events.Projections;
using Marten;

namespace SharingLedger.Collecting;

/// <summary>What the Collecting slice registers: its Marten projections and indexes, and the services other slices find it by.</summary>
public static class CollectingSetup
{
    public static IServiceCollection AddCollecting(this IServiceCollection services)
    {
        services.AddSingleton<Obligations.IObligationSource, CollectingObligations>();
        services.ConfigureMarten(opts =>
        {
            opts.Projections.Snapshot<CollectingPlan>(SnapshotLifecycle.Inline);
            opts.Schema.For<CollectingPlan>().Index(p => p.ConsortiumId);
        });
        return services;
    }
}
