using JasperFx.Events.Projections;
using Marten;

namespace SharingLedger.Loans;

/// <summary>What the Loans slice registers: its Marten projections and indexes, and the services other slices find it by.</summary>
public static class LoansSetup
{
    public static IServiceCollection AddLoans(this IServiceCollection services)
    {
        services.AddSingleton<Obligations.IObligationSource, LendingObligations>();
        services.AddSingleton<Obligations.IObligationSource, ReimbursementObligations>();
        services.ConfigureMarten(opts =>
        {
            opts.Projections.Snapshot<Loan>(SnapshotLifecycle.Inline);
            opts.Projections.Snapshot<ClearingSettlement>(SnapshotLifecycle.Inline);
            opts.Projections.Snapshot<ReimbursementClaims>(SnapshotLifecycle.Inline);
            opts.Projections.Snapshot<ReimbursementPayment>(SnapshotLifecycle.Inline);
            opts.Schema.For<Loan>().Index(l => l.ConsortiumId);
            opts.Schema.For<ClearingSettlement>().Index(s => s.ConsortiumId);
        });
        return services;
    }
}
