using JasperFx.Events;
using Marten;
using Marten.Events.Aggregation;
using SharingLedger.Obligations;

namespace SharingLedger.Subscriptions;

/// <summary>
/// The inline snapshot of a subscription's stream (<see cref="Subscription"/> applies its own events), and, when a change
/// touches what members owe (anything but a usage report), every member's items for its obligations
/// (<see cref="MemberObligationItems"/>) and every member's row of its own subscriptions (<see cref="MemberSubscriptions"/>).
/// </summary>
public sealed partial class SubscriptionProjection : SingleStreamProjection<Subscription, Guid>
{
    /// <summary>Each member's items of the subscription's terms, kept beside the snapshot.</summary>
    public static readonly KeptBeside<Subscription> Items = KeptBeside.Items<Subscription>("subscription-items", s => s.Id, SubscriptionObligations.ItemsOf);

    public static Subscription Create(SubscriptionContracted e) => Subscription.Create(e);
    public static void Apply(SubscriptionInvoiced e, Subscription s) => s.Apply(e);
    public static void Apply(SubscriptionCostApportioned e, Subscription s) => s.Apply(e);
    public static void Apply(SubscriptionParticipantJoined e, Subscription s) => s.Apply(e);
    public static void Apply(SubscriptionParticipantLeft e, Subscription s) => s.Apply(e);
    public static void Apply(SubscriptionUsageReported e, Subscription s) => s.Apply(e);
    public static void Apply(SubscriptionTermRepriced e, Subscription s) => s.Apply(e);
    public static void Apply(SubscriptionRenewed e, Subscription s) => s.Apply(e);
    public static void Apply(SubscriptionCancelled e, Subscription s) => s.Apply(e);

    public override ValueTask RaiseSideEffects(IDocumentOperations operations, IEventSlice<Subscription> slice)
    {
        if (slice.Snapshot is { } s && slice.Events().Any(e => e.Data is not SubscriptionUsageReported))
        {
            Items.Keep(operations, s);
            MemberSubscriptions.Kept.Keep(operations, s);
        }
        return ValueTask.CompletedTask;
    }
}
