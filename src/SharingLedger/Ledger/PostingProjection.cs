using JasperFx.Events;
using Marten;
using Marten.Events.Projections;
using NodaTime;
using SharingLedger.Dues;
using SharingLedger.Loans;
using SharingLedger.Procurement;
using SharingLedger.Subscriptions;

namespace SharingLedger.Ledger;

/// <summary>
/// Writes each financial event's <see cref="Posting"/>s (from <see cref="PostingRules"/>). Registered INLINE: the postings
/// commit in the same transaction as the event, so a statement or balance read straight after a write (and the payment
/// allocation that reads open items) sees it, and there is never a window in which an event exists without its postings.
/// </summary>
public partial class PostingProjection : EventProjection
{
    public PostingProjection()
    {
        Options.DeleteViewTypeOnTeardown<Posting>(); // a rebuild starts from an empty table
    }

    public void Project(IEvent<DuesAssessed> e, IDocumentOperations ops) => Store(e, ops, null);
    public void Project(IEvent<SubscriptionCostApportioned> e, IDocumentOperations ops) => Store(e, ops, null);
    public void Project(IEvent<ProcurementCostApportioned> e, IDocumentOperations ops) => Store(e, ops, null);
    public void Project(IEvent<ClearingSettled> e, IDocumentOperations ops) => Store(e, ops, null);
    public void Project(IEvent<PaymentReceived> e, IDocumentOperations ops) => Store(e, ops, null);
    public void Project(IEvent<CreditNoteIssued> e, IDocumentOperations ops) => Store(e, ops, null);
    public void Project(IEvent<DisputeResolved> e, IDocumentOperations ops) => Store(e, ops, null);
    public void Project(IEvent<WriteOffApproved> e, IDocumentOperations ops) => Store(e, ops, null);
    public void Project(IEvent<InKind.InKindContributionRecorded> e, IDocumentOperations ops) => Store(e, ops, null);

    public async Task Project(IEvent<SubscriptionInvoiced> e, IDocumentOperations ops) =>
        Store(e, ops, await ContextOf(e.Data, ops, default));

    public async Task Project(IEvent<ProcurementInvoiced> e, IDocumentOperations ops) =>
        Store(e, ops, await ContextOf(e.Data, ops, default));

    /// <summary>What an invoice event lacks: the subscription's consortium and vendor, the procurement's awarded vendor.</summary>
    public static async Task<PostingContext?> ContextOf(object data, IQuerySession session, CancellationToken ct)
    {
        switch (data)
        {
            case SubscriptionInvoiced s:
                var subscription = await session.LoadAsync<Subscription>(s.SubscriptionId, ct);
                return new PostingContext(subscription?.ConsortiumId, subscription?.Vendor);
            case ProcurementInvoiced p:
                var procurement = await session.LoadAsync<JointProcurement>(p.ProcurementId, ct);
                return new PostingContext(p.ConsortiumId, procurement?.Award?.Vendor);
            default:
                return null;
        }
    }

    public static PostingSource SourceOf(IEvent e) =>
        new(e.Id, e.Data.GetType().Name, e.StreamId, e.Version, e.Sequence, RecordedAtOf(e.Data) ?? Instant.FromDateTimeOffset(e.Timestamp));

    /// <summary>The instant the ledger recorded the fact, as the event itself states it (the application clock at the write).</summary>
    public static Instant? RecordedAtOf(object data) => data switch
    {
        DuesAssessed d => d.AssessedAt,
        SubscriptionInvoiced s => s.RecordedAt,
        SubscriptionCostApportioned s => s.RecordedAt,
        ProcurementInvoiced p => p.RecordedAt,
        ProcurementCostApportioned p => p.RecordedAt,
        ClearingSettled c => c.SettledAt,
        PaymentReceived p => p.RecordedAt,
        CreditNoteIssued c => c.RecordedAt,
        DisputeRaised d => d.RecordedAt,
        DisputeResolved d => d.RecordedAt,
        WriteOffApproved w => w.RecordedAt,
        InKind.InKindContributionRecorded k => k.RecordedAt,
        _ => null,
    };

    private static void Store(IEvent e, IDocumentOperations ops, PostingContext? context)
    {
        var postings = PostingRules.For(e.Data, SourceOf(e), context);
        if (postings.Count > 0) ops.Store(postings.ToArray());
    }
}
