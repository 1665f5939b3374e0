using Marten;
using SharingLedger.Obligations;

namespace SharingLedger.Subscriptions;

/// <summary>
/// One member's part of one subscription as its own list shows it (<see cref="MemberSubscriptionView"/>: the terms it takes part in,
/// the days it takes part, each term's invoice), kept by <see cref="SubscriptionProjection"/> in the same transaction as the snapshot.
/// A term's share is not copied here: it is the member's obligation item of the term (<see cref="MemberObligationItem"/>, found by
/// its ledger item id), kept beside it. A member's list then reads its own rows, not every subscription document of the consortium
/// whole (2.8 MB each at 2,000 participants).
/// </summary>
public sealed class MemberSubscription
{
    public string Id { get; set; } = "";
    public Guid MemberId { get; set; }
    public Guid SubscriptionId { get; set; }
    /// <summary>What the member's list is ordered by, then the subscription's id.</summary>
    public string Resource { get; set; } = "";
    /// <summary>The member's view of the subscription, every term's <c>share</c> left null.</summary>
    public MemberSubscriptionView View { get; set; } = null!;
}

/// <summary>
/// That a subscription's <see cref="MemberSubscription"/> rows are kept, and in which shape: a subscription with no event since before
/// the rows existed (or since the view last changed shape) has none that can be used, and its members' lists are worked out from the
/// documents whole until its next event (<see cref="MemberSubscriptions.AllKept"/>).
/// </summary>
public sealed class MemberSubscriptionsKept
{
    public Guid Id { get; set; }
    public Guid ConsortiumId { get; set; }
    public int Shape { get; set; }
}

public static class MemberSubscriptions
{
    /// <summary>The shape of the kept view: raise it when <see cref="MemberSubscriptionView"/> or what fills it changes.</summary>
    public const int Shape = 1;

    /// <summary>Replaces every member's row of the subscription with its view as the snapshot stands, in the same transaction.</summary>
    public static void Replace(IDocumentOperations operations, Subscription s)
    {
        operations.DeleteWhere<MemberSubscription>(x => x.SubscriptionId == s.Id);
        var members = s.Terms.SelectMany(t => t.Participants.Select(p => p.MemberId)
            .Concat(t.Latest?.Cost.Lines.Select(l => l.MemberId) ?? [])).Distinct();
        foreach (var member in members)
            operations.Store(new MemberSubscription
            {
                Id = $"{s.Id:N}:{member:N}", MemberId = member, SubscriptionId = s.Id, Resource = s.Resource,
                View = GetMemberSubscriptionsEndpoint.View(s, member, withShares: false),
            });
        operations.Store(new MemberSubscriptionsKept { Id = s.Id, ConsortiumId = s.ConsortiumId, Shape = Shape });
    }

    /// <summary>Whether every subscription of the consortium has its members' rows kept in today's shape (queued in the batch).</summary>
    public static Func<Task<bool>> AllKept(Marten.Services.BatchQuerying.IBatchedQuery batch, Guid consortiumId)
    {
        var subscriptions = batch.Query<Subscription>().Count(s => s.ConsortiumId == consortiumId);
        var kept = batch.Query<MemberSubscriptionsKept>().Count(k => k.ConsortiumId == consortiumId && k.Shape == Shape);
        return async () => await subscriptions == await kept;
    }

    /// <summary>The ledger item id of a member's share of a subscription's term (<see cref="ObligationItem.LedgerItemId"/>).</summary>
    public static string ShareItemId(Guid subscriptionId, int term) => $"subscription:{subscriptionId:N}:{term}";

    /// <summary>The view with each term's share filled in from the member's obligation items.</summary>
    public static MemberSubscriptionView WithShares(MemberSubscriptionView view, IReadOnlyDictionary<string, ObligationItem> items) =>
        view with
        {
            Terms = [.. view.Terms.Select(t => t with { Share = items.GetValueOrDefault(ShareItemId(view.SubscriptionId, t.Term)) })],
        };
}
