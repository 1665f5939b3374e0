using JasperFx.Events.Projections;
using Marten;

namespace SharingLedger.InKind;

/// <summary>What the InKind slice registers: its Marten projections and indexes, and the services other slices find it by.</summary>
public static class InKindSetup
{
    public static IServiceCollection AddInKind(this IServiceCollection services)
    {
        services.AddSingleton<Obligations.IObligationSource, InKindObligations>();
        services.ConfigureMarten(opts =>
        {
            opts.Projections.Snapshot<InKindContributions>(SnapshotLifecycle.Inline);
        });
        return services;
    }
}
