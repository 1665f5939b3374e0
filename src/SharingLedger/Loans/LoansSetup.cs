using JasperFx.Events.Projections;
using Marten;

namespace SharingLedger.Loans;

/// <summary>What the Loans slice (requests and their lifecycle) registers: the loan's inline snapshot and its index.</summary>
public static class LoansSetup
{
    public static IServiceCollection AddLoans(this IServiceCollection services)
    {
        services.ConfigureMarten(opts =>
        {
            opts.Projections.Snapshot<Loan>(SnapshotLifecycle.Inline);
            opts.Schema.For<Loan>().Index(l => l.ConsortiumId);
        });
        return services;
    }
}
