using JasperFx.Events.Projections;
using Marten;

namespace SharingLedger.Subscriptions;

/// <summary>What the Subscriptions slice registers: its Marten projections and indexes, and the services other slices find it by.</summary>
public static class SubscriptionsSetup
{
    public static IServiceCollection AddSubscriptions(this IServiceCollection services)
    {
        services.AddSingleton<Obligations.IObligationSource, SubscriptionObligations>();
        services.AddSingleton<Obligations.IKeptBeside>(SubscriptionProjection.Items);
        services.AddSingleton<Obligations.IKeptBeside>(MemberSubscriptions.Kept);
        services.AddSingleton<Reconciliation.IReconciliationSource, SubscriptionReconciliation>();
        services.ConfigureMarten(opts =>
        {
            opts.Projections.Add(new SubscriptionProjection(), ProjectionLifecycle.Inline);
            opts.Schema.For<Subscription>().Index(s => s.ConsortiumId);
            opts.Schema.For<MemberSubscription>().Duplicate(x => x.MemberId).Duplicate(x => x.SubscriptionId);
            opts.Schema.For<SubscriptionOutline>().Duplicate(x => x.ConsortiumId);
        });
        return services;
    }
}
