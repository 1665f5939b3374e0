using Marten;
using JasperFx.Events;
using SharingLedger.Consortia;
using SharingLedger.Membership;

namespace SharingLedger.Subscriptions;

/// <summary>Loads what a subscription command needs: its consortium, its stream for writing, and the consortium's members.</summary>
public static class SubscriptionAccess
{
    public sealed record Loaded(Consortium Consortium, IEventStream<Subscription> Stream, Subscription Subscription);

    /// <summary>Null when the consortium or subscription is unknown, or the subscription belongs to another consortium.</summary>
    public static async Task<Loaded?> LoadAsync(IDocumentSession session, Guid consortiumId, Guid subscriptionId, CancellationToken ct)
    {
        var consortium = await session.LoadAsync<Consortium>(consortiumId, ct);
        if (consortium is null) return null;
        var stream = await session.Events.FetchForWriting<Subscription>(subscriptionId, ct);
        return stream.Aggregate is { } s && s.ConsortiumId == consortiumId ? new Loaded(consortium, stream, s) : null;
    }

    public static async Task<Dictionary<Guid, Member>> MembersAsync(IQuerySession session, Guid consortiumId, CancellationToken ct) =>
        (await session.Query<Member>().Where(m => m.ConsortiumId == consortiumId).ToListAsync(ct)).ToDictionary(m => m.Id);
}
