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
            // Borrower and lender as indexed columns: a request reads only its borrower's loans, a member's loans are two index
            // ranges, not a scan of the consortium's loans through a JSON cast (docs/decisions.md, "Fast at the size of a national network").
            opts.Schema.For<Loan>().Index(l => l.ConsortiumId).Duplicate(l => l.BorrowerId).Duplicate(l => l.LenderId)
                // The month of its lending charge and of its replacement bill, each an indexed column: a month's clearing reads its
                // loans as two index ranges instead of testing every loan's JSON for the month (docs/decisions.md, "A month's clearing by index").
                .Duplicate(l => l.Charge!.Month).Duplicate(l => l.Replacement!.Month);
        });
        return services;
    }
}
