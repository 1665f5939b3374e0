using Marten;

namespace SharingLedger.Obligations;

/// <summary>What the Obligations slice registers: the per-member items the shared costs' projections keep, indexed by member.</summary>
public static class ObligationsSetup
{
    public static IServiceCollection AddObligations(this IServiceCollection services)
    {
        services.AddSingleton<Audit.IDerivedFiguresCheck, KeptBesideVerification>(); // the audit verification compares the kept items with the snapshots
        services.ConfigureMarten(opts => opts.Schema.For<MemberObligationItem>().Duplicate(x => x.MemberId).Duplicate(x => x.SourceId));
        return services;
    }
}
