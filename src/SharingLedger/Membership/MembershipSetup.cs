using JasperFx.Events.Projections;
using Marten;

namespace SharingLedger.Membership;

/// <summary>What the Membership slice registers: its Marten projections and indexes, and the services other slices find it by.</summary>
public static class MembershipSetup
{
    public static IServiceCollection AddMembership(this IServiceCollection services)
    {
        services.ConfigureMarten(opts =>
        {
            opts.Projections.Snapshot<Member>(SnapshotLifecycle.Inline);
            opts.Schema.For<Member>().Index(m => m.ConsortiumId).UniqueIndex(m => m.ConsortiumId, m => m.Code);
        });
        return services;
    }
}
