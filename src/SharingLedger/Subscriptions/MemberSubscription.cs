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
    /// <summary>What the member would pay alone for a term, where recorded (its savings, <see cref="GetSavingsEndpoint"/>).</summary>
    public List<StandalonePrice> StandalonePrices { get; set; } = [];
}

/// <summary>A member's standalone price for a term of a subscription.</summary>
public sealed record StandalonePrice(int Term, Kernel.Money.Money Price);

/// <summary>
/// A subscription without what is per member (participants, splits, standalone and previous shares, usage): each term's dates, price,
/// invoice, payments, voids and credit refunds, kept by <see cref="SubscriptionProjection"/> beside the snapshot. At national size a
/// snapshot is 0.86 MB of JSON, nearly all of it per member; what concerns the vendor (what is owed to it, which invoices a payment
/// names) reads these instead (<see cref="SubscriptionsWithoutMembers"/>). It also says that the subscription's
/// <see cref="MemberSubscription"/> rows are kept, and in which shape: a subscription with no event since before the outlines existed
/// (or since the view last changed shape) has none that can be used, and what reads them works from the documents whole until its
/// next event (<see cref="MemberSubscriptions.AllKept"/>).
/// </summary>
public sealed class SubscriptionOutline
{
    public Guid Id { get; set; }
    public Guid ConsortiumId { get; set; }
    public int Shape { get; set; }
    public string Vendor { get; set; } = "";
    public string Resource { get; set; } = "";
    public NodaTime.LocalDate? CancelledFrom { get; set; }
    public List<SubscriptionTerm> Terms { get; set; } = [];

    public static SubscriptionOutline Of(Subscription s) => new()
    {
        Id = s.Id, ConsortiumId = s.ConsortiumId, Shape = MemberSubscriptions.Shape, Vendor = s.Vendor, Resource = s.Resource,
        CancelledFrom = s.CancelledFrom,
        Terms = [.. s.Terms.Select(t => new SubscriptionTerm
        {
            Number = t.Number, Start = t.Start, End = t.End, Price = t.Price, SharingTermName = t.SharingTermName, AgreementId = t.AgreementId,
            AgreementVersion = t.AgreementVersion, Invoice = t.Invoice, Payments = t.Payments, Voids = t.Voids,
            VoidedThroughRevision = t.VoidedThroughRevision, PaymentsOfVoided = t.PaymentsOfVoided, CreditRefunds = t.CreditRefunds,
        })],
    };

    /// <summary>As a subscription with its members' parts empty: for the vendor's side only, never to decide or show anything about members.</summary>
    public Subscription ToSubscription() =>
        new() { Id = Id, ConsortiumId = ConsortiumId, Vendor = Vendor, Resource = Resource, CancelledFrom = CancelledFrom, Terms = Terms };
}

public static class MemberSubscriptions
{
    /// <summary>The shape of the kept rows and outline: raise it when <see cref="MemberSubscriptionView"/>, <see cref="SubscriptionOutline"/> or what fills them changes.</summary>
    public const int Shape = 1;

    /// <summary>The rows and outline as the audit verification and <c>rebuild-member-items</c> find them (<see cref="IKeptBeside"/>).</summary>
    public static readonly KeptBeside<Subscription> Kept = new("subscription-rows", s => s.Id, Made, StoredAsync,
        [new(typeof(MemberSubscription), "d.subscription_id", RowKey), new(typeof(SubscriptionOutline), "d.id", id => OutlineKey(Guid.Parse(id)))],
        Replace);

    private static string RowKey(string id) => $"row {id}";

    private static string OutlineKey(Guid subscriptionId) => $"outline {subscriptionId:N}";

    /// <summary>Replaces every member's row of the subscription with its view as the snapshot stands, and its outline, in the same transaction; how many it stores.</summary>
    public static int Replace(IDocumentOperations operations, Subscription s)
    {
        operations.DeleteWhere<MemberSubscription>(x => x.SubscriptionId == s.Id);
        var stored = 1;
        foreach (var row in Rows(s))
        {
            operations.Store(row);
            stored++;
        }
        operations.Store(SubscriptionOutline.Of(s));
        return stored;
    }

    /// <summary>Each member's row of the subscription as the snapshot stands.</summary>
    public static IEnumerable<MemberSubscription> Rows(Subscription s) =>
        s.Terms.SelectMany(t => t.Participants.Select(p => p.MemberId).Concat(t.Latest?.Cost.Lines.Select(l => l.MemberId) ?? [])).Distinct()
            .Select(member => new MemberSubscription
            {
                Id = $"{s.Id:N}:{member:N}", MemberId = member, SubscriptionId = s.Id, Resource = s.Resource,
                View = GetMemberSubscriptionsEndpoint.View(s, member, withShares: false),
                StandalonePrices = [.. s.Terms.Where(t => t.StandalonePrices.ContainsKey(member)).Select(t => new StandalonePrice(t.Number, t.StandalonePrices[member]))],
            });

    private static IEnumerable<(string Key, object Document)> Made(Subscription s) =>
        Rows(s).Select(r => (RowKey(r.Id), (object)r)).Append((OutlineKey(s.Id), SubscriptionOutline.Of(s)));

    private static async Task<IEnumerable<(string Key, object Document)>> StoredAsync(IQuerySession session, IReadOnlyList<Guid> ids, CancellationToken ct)
    {
        var rows = await session.Query<MemberSubscription>().Where(x => x.SubscriptionId.IsOneOf(ids.ToArray())).ToListAsync(ct);
        var outlines = await session.LoadManyAsync<SubscriptionOutline>(ct, ids);
        return rows.Select(r => (RowKey(r.Id), (object)r)).Concat(outlines.Select(o => (OutlineKey(o.Id), (object)o)));
    }

    /// <summary>Whether every subscription of the consortium has its members' rows kept in today's shape (queued in the batch).</summary>
    public static Func<Task<bool>> AllKept(Marten.Services.BatchQuerying.IBatchedQuery batch, Guid consortiumId)
    {
        var subscriptions = batch.Query<Subscription>().Count(s => s.ConsortiumId == consortiumId);
        var kept = batch.Query<SubscriptionOutline>().Count(k => k.ConsortiumId == consortiumId && k.Shape == Shape);
        return async () => await subscriptions == await kept;
    }

    /// <summary>The ledger item id of a member's share of a subscription's term (<see cref="ObligationItem.LedgerItemId"/>).</summary>
    public static string ShareItemId(Guid subscriptionId, int term) => $"subscription:{subscriptionId:N}:{term}";

    /// <summary>The member's items of its subscriptions' terms by ledger item id (<see cref="ShareItemId"/>).</summary>
    public static Dictionary<string, ObligationItem> ByItemId(IEnumerable<MemberObligationItem> items)
    {
        var byId = new Dictionary<string, ObligationItem>();
        foreach (var x in items)
            if (x.Item.LedgerItemId is { } id) byId[id] = x.Item;
        return byId;
    }

    /// <summary>The view with each term's share filled in from the member's obligation items.</summary>
    public static MemberSubscriptionView WithShares(MemberSubscriptionView view, IReadOnlyDictionary<string, ObligationItem> items) =>
        view with
        {
            Terms = [.. view.Terms.Select(t => t with { Share = items.GetValueOrDefault(ShareItemId(view.SubscriptionId, t.Term)) })],
        };
}
