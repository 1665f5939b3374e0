using JasperFx.Events.Projections;
using Marten;

namespace SharingLedger.Consortia;

/// <summary>What the Consortia slice registers: its Marten projections and indexes, and the services other slices find it by.</summary>
public static class ConsortiaSetup
{
    public static IServiceCollection AddConsortia(this IServiceCollection services)
    {
        services.ConfigureMarten(opts =>
        {
            opts.Projections.Snapshot<Consortium>(SnapshotLifecycle.Inline);
        });
        services.AddSingleton<EstablishedConsortia>(); // read once per node for the loan traffic
        return services;
    }
}
