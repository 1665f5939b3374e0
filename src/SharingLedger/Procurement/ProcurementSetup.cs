using JasperFx.Events.Projections;
using Marten;

namespace SharingLedger.Procurement;

/// <summary>What the Procurement slice registers: its Marten projections and indexes, and the services other slices find it by.</summary>
public static class ProcurementSetup
{
    public static IServiceCollection AddProcurement(this IServiceCollection services)
    {
        services.AddSingleton<Obligations.IObligationSource, ProcurementObligations>();
        services.AddSingleton<Obligations.IKeptBeside>(JointProcurementProjection.Items);
        services.AddSingleton<ISubjectHoldings, CollectingSubjectHoldings>();
        services.AddSingleton<Reconciliation.IReconciliationSource, ProcurementReconciliation>();
        services.ConfigureMarten(opts =>
        {
            opts.Projections.Add(new JointProcurementProjection(), ProjectionLifecycle.Inline);
            opts.Schema.For<JointProcurement>().Index(p => p.ConsortiumId);
        });
        return services;
    }
}
