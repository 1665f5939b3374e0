using Marten;

namespace SharingLedger.Subscriptions;

/// <summary>
/// The consortium's subscriptions as a vendor sees them (<see cref="SubscriptionOutline"/>): each term's dates, price, invoice, payments,
/// voids and credit refunds, the members' parts empty. For the vendor's side only (<see cref="SubscriptionTerm.Booked"/>,
/// <see cref="SubscriptionTerm.Credits"/>), never to decide or show anything about members.
/// </summary>
public static class SubscriptionsWithoutMembers
{
    /// <summary>
    /// The outlines (one batch: them and whether every subscription has one in today's shape); the documents whole where one is missing.
    /// Trimming the documents in PostgreSQL instead was slower than reading them whole (docs/decisions.md, "What is owed to vendors").
    /// </summary>
    public static async Task<List<Subscription>> InAsync(IQuerySession session, Guid consortiumId, CancellationToken ct, string? vendor = null)
    {
        var batch = session.CreateBatchQuery();
        var allKept = MemberSubscriptions.AllKept(batch, consortiumId);
        var outlines = batch.Query<SubscriptionOutline>().Where(x => x.ConsortiumId == consortiumId).ToList();
        await batch.Execute(ct);
        var subscriptions = await allKept()
            ? (await outlines).Select(x => x.ToSubscription()).ToList()
            : [.. await session.Query<Subscription>().Where(s => s.ConsortiumId == consortiumId).ToListAsync(ct)];
        return vendor is null ? subscriptions : subscriptions.Where(s => s.Vendor == vendor).ToList();
    }
}
