using JasperFx.Events.Projections;
using Marten;

namespace SharingLedger.Agreements;

/// <summary>What the Agreements slice registers: its Marten projections and indexes, and the services other slices find it by.</summary>
public static class AgreementsSetup
{
    public static IServiceCollection AddAgreements(this IServiceCollection services)
    {
        services.ConfigureMarten(opts =>
        {
            opts.Projections.Snapshot<Agreement>(SnapshotLifecycle.Inline);
            opts.Projections.Add(new AgreementTermsProjection(), ProjectionLifecycle.Inline); // the same without the signatories, for loans
            AgreementTermsBackfill.Configure(opts); // agreements adopted before the terms were kept get theirs once
        });
        return services;
    }
}
