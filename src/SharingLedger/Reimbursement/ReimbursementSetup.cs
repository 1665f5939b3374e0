using JasperFx.Events.Projections;
using Marten;

namespace SharingLedger.Reimbursement;

/// <summary>What the Reimbursement slice registers: the year's claims and payout snapshots, and the payouts in a member's obligations.</summary>
public static class ReimbursementSetup
{
    public static IServiceCollection AddReimbursement(this IServiceCollection services)
    {
        services.AddSingleton<Obligations.IObligationSource, ReimbursementObligations>();
        services.ConfigureMarten(opts =>
        {
            opts.Projections.Snapshot<ReimbursementClaims>(SnapshotLifecycle.Inline);
            opts.Projections.Snapshot<ReimbursementPayment>(SnapshotLifecycle.Inline);
        });
        return services;
    }
}
