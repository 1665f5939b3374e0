using JasperFx.Events.Projections;
using Marten;
using SharingLedger.Loans;

namespace SharingLedger.Clearing;

/// <summary>What the Clearing slice registers: the settled month's inline snapshot and index, and the settled months loan decisions read.</summary>
public static class ClearingSetup
{
    public static IServiceCollection AddClearing(this IServiceCollection services)
    {
        services.AddSingleton<ISettledMonths, SettledMonths>();
        services.AddSingleton<Obligations.IKeptBeside>(ClearingSettlementProjection.Items);
        services.ConfigureMarten(opts =>
        {
            opts.Projections.Add(new ClearingSettlementProjection(), ProjectionLifecycle.Inline);
            opts.Schema.For<ClearingSettlement>().Index(s => s.ConsortiumId);
        });
        return services;
    }
}
