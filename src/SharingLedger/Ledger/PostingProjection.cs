using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;
using NodaTime;
using SharingLedger.Audit;
using SharingLedger.Dues;
using SharingLedger.Infrastructure;
using SharingLedger.Infrastructure.Marten;
using SharingLedger.Loans;
using SharingLedger.Procurement;
using SharingLedger.Subscriptions;
using SharingLedger.Clearing;
using SharingLedger.Reimbursement;

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
        Options.BatchSize = RebuildBatch.Size;
    }

    public Task Project(IEvent<DuesAssessed> e, IDocumentOperations ops) => Store(e, ops);
    public Task Project(IEvent<SubscriptionInvoiced> e, IDocumentOperations ops) => Store(e, ops);
    public Task Project(IEvent<SubscriptionCostApportioned> e, IDocumentOperations ops) => Store(e, ops);
    public Task Project(IEvent<ProcurementInvoiced> e, IDocumentOperations ops) => Store(e, ops);
    public Task Project(IEvent<ProcurementCostApportioned> e, IDocumentOperations ops) => Store(e, ops);
    public Task Project(IEvent<ClearingSettled> e, IDocumentOperations ops) => Store(e, ops);
    public Task Project(IEvent<PaymentReceived> e, IDocumentOperations ops) => Store(e, ops);
    public Task Project(IEvent<CreditNoteIssued> e, IDocumentOperations ops) => Store(e, ops);
    public Task Project(IEvent<PaymentReversed> e, IDocumentOperations ops) => Store(e, ops);
    public Task Project(IEvent<OverpaymentRefunded> e, IDocumentOperations ops) => Store(e, ops);
    public Task Project(IEvent<MemberPayableSettled> e, IDocumentOperations ops) => Store(e, ops);
    public Task Project(IEvent<DisputeResolved> e, IDocumentOperations ops) => Store(e, ops);
    public Task Project(IEvent<WriteOffApproved> e, IDocumentOperations ops) => Store(e, ops);
    public Task Project(IEvent<ReimbursementPaidOut> e, IDocumentOperations ops) => Store(e, ops);
    public Task Project(IEvent<DuesRestated> e, IDocumentOperations ops) => Store(e, ops);
    public Task Project(IEvent<ProcurementCostRestated> e, IDocumentOperations ops) => Store(e, ops);
    public Task Project(IEvent<ClearingRestated> e, IDocumentOperations ops) => Store(e, ops);
    public Task Project(IEvent<InKind.InKindContributionRecorded> e, IDocumentOperations ops) => Store(e, ops);
    public Task Project(IEvent<SubscriptionInvoicePaid> e, IDocumentOperations ops) => Store(e, ops);
    public Task Project(IEvent<ProcurementInvoicePaid> e, IDocumentOperations ops) => Store(e, ops);
    public Task Project(IEvent<SubscriptionInvoiceVoided> e, IDocumentOperations ops) => Store(e, ops);
    public Task Project(IEvent<ProcurementInvoiceVoided> e, IDocumentOperations ops) => Store(e, ops);
    public Task Project(IEvent<SubscriptionVendorCreditRefunded> e, IDocumentOperations ops) => Store(e, ops);
    public Task Project(IEvent<ProcurementVendorCreditRefunded> e, IDocumentOperations ops) => Store(e, ops);

    /// <summary>
    /// An event's postings as stored: the rules' lines (with the context an invoice lacks), placed in the fiscal period
    /// open when the event was recorded. The projection and any rebuild or check call this one method.
    /// </summary>
    public static Task<IReadOnlyList<Posting>> PostingsFor(IEvent e, IQuerySession session, CancellationToken ct) => PostingsOf(e, session, false, ct);

    private static async Task<IReadOnlyList<Posting>> PostingsOf(IEvent e, IQuerySession session, bool periodsOncePerSession, CancellationToken ct)
    {
        var context = PostingRules.NeedsContext(e.Data) ? await ContextOf(e.Data, session, ct) : null;
        var postings = PostingRules.For(e.Data, SourceOf(e), context);
        if (postings.Count == 0) return postings;
        PostingPeriods.Assign(postings, await ClosedWhenRecordedAsync(e, postings[0].ConsortiumId, session, periodsOncePerSession, ct));
        return postings;
    }

    /// <summary>
    /// The consortium's periods closed when the event was recorded. Written inline (Marten's Quick append: the event has
    /// no sequence yet), that is what is closed now, in the same transaction. Replayed (a rebuild, a check), the event
    /// has its sequence, and the periods stream says what was closed just before it, so a rebuild places each posting
    /// where it was placed when it was written, whatever was reopened or closed since.
    /// </summary>
    /// <remarks>
    /// Replayed by the daemon (<paramref name="periodsOncePerSession"/>), the periods stream is read once per batch session and
    /// consortium instead of once per event (a rebuild of a million events read it a million times). That is the same answer:
    /// the daemon hands a batch only events below its high-water mark, below which every event is committed, so every period
    /// act sequenced before any event of the batch is already in the stream when the batch first reads it.
    /// </remarks>
    private static async Task<IReadOnlyList<YearMonth>> ClosedWhenRecordedAsync(IEvent e, Guid consortiumId, IQuerySession session,
        bool periodsOncePerSession, CancellationToken ct)
    {
        if (e.Sequence <= 0) return await PeriodRules.ClosedPeriodsAsync(session, consortiumId, ct);
        var read = periodsOncePerSession ? PeriodsRead.GetValue(session, _ => new ConcurrentDictionary<Guid, IReadOnlyList<IEvent>>()) : null;
        if (read is null || !read.TryGetValue(consortiumId, out var acts))
        {
            acts = await session.Events.FetchStreamAsync(StreamIds.FiscalPeriods(consortiumId), token: ct);
            read?.TryAdd(consortiumId, acts);
        }
        return PeriodRules.ClosedBefore(acts.Select(a => (a.Sequence, a.Data)), e.Sequence);
    }

    /// <summary>The periods streams each daemon batch session has read, by consortium; gone with the session.</summary>
    private static readonly ConditionalWeakTable<IQuerySession, ConcurrentDictionary<Guid, IReadOnlyList<IEvent>>> PeriodsRead = new();

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

    public static PostingSource SourceOf(IEvent e) => SourceOf(e.Id, e.Data, e.StreamId, e.Version, e.Timestamp);

    /// <summary>An event's source as its stored columns give it (a rebuild that reads the rows itself).</summary>
    public static PostingSource SourceOf(Guid eventId, object data, Guid streamId, long version, DateTimeOffset timestamp) =>
        new(eventId, data.GetType().Name, streamId, version, RecordedAtOf(data) ?? Instant.FromDateTimeOffset(timestamp));

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
        PaymentReversed r => r.RecordedAt,
        OverpaymentRefunded r => r.RecordedAt,
        MemberPayableSettled m => m.RecordedAt,
        DisputeRaised d => d.RecordedAt,
        DisputeResolved d => d.RecordedAt,
        WriteOffApproved w => w.RecordedAt,
        ReimbursementPaidOut r => r.RecordedAt,
        DuesRestated d => d.RecordedAt,
        ProcurementCostRestated p => p.RecordedAt,
        ClearingRestated c => c.RecordedAt,
        InKind.InKindContributionRecorded k => k.RecordedAt,
        SubscriptionInvoicePaid v => v.Payment.RecordedAt,
        ProcurementInvoicePaid v => v.Payment.RecordedAt,
        SubscriptionInvoiceVoided v => v.RecordedAt,
        ProcurementInvoiceVoided v => v.RecordedAt,
        SubscriptionVendorCreditRefunded r => r.Refund.RecordedAt,
        ProcurementVendorCreditRefunded r => r.Refund.RecordedAt,
        _ => null,
    };

    /// <summary>
    /// Written inline, an event's postings are stored (upserted: their ids are deterministic). Replayed by a rebuild, which
    /// starts from an emptied table, they are inserted, so Marten writes a batch's postings with one binary COPY
    /// (<c>RebuildWithBulkCopy</c>) instead of one upsert per row.
    /// </summary>
    private static async Task Store(IEvent e, IDocumentOperations ops)
    {
        var replayed = e.Sequence > 0;
        var postings = await PostingsOf(e, ops, periodsOncePerSession: replayed, default);
        if (postings.Count == 0) return;
        if (replayed) ops.Insert(postings.ToArray());
        else ops.Store(postings.ToArray());
    }
}
