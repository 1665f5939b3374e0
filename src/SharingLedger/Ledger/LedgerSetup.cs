using JasperFx.Events.Projections;
using Marten;

namespace SharingLedger.Ledger;

/// <summary>What the Ledger slice registers: its Marten projections and indexes, and the services other slices find it by.</summary>
public static class LedgerSetup
{
    public static IServiceCollection AddLedger(this IServiceCollection services)
    {
        services.ConfigureMarten(opts =>
        {
            // Inline: postings commit with their event, so balances and statements are consistent right after a write.
            opts.Projections.Add(new PostingProjection(), ProjectionLifecycle.Inline);
            opts.Projections.Snapshot<MemberAccount>(SnapshotLifecycle.Inline);
            PostingColumns.Configure(opts);
            PostingTotalsFeature.Configure(opts); // running totals of the postings, kept by a trigger (Ledger/PostingTotals.sql)
        });
        services.AddSingleton<Obligations.IObligationSettlements, ObligationSettlements>(); // gross, paid, credits and net in the obligations view
        services.AddSingleton<Audit.IDerivedFiguresCheck, PostingsVerification>(); // the audit verification recomputes postings and totals
        return services;
    }
}
