using JasperFx.Events.Projections;
using Marten;

namespace SharingLedger.Access;

/// <summary>What the Access slice registers: its Marten projections and indexes, and the services other slices find it by.</summary>
public static class AccessSetup
{
    public static IServiceCollection AddAccess(this IServiceCollection services)
    {
        services.ConfigureMarten(opts =>
        {
            opts.Projections.Snapshot<ApiKey>(SnapshotLifecycle.Inline);
            opts.Schema.For<ApiKey>().Index(k => k.ConsortiumId);
        });
        return services;
    }
}
