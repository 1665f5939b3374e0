using Marten;
using Marten.Schema;

namespace SharingLedger.Ledger;

/// <summary>
/// <see cref="Posting"/>s are stored as Marten documents with their fields also in plain columns, so that statements
/// and balances page, sum and group in SQL (<see cref="PostingSql"/>) instead of loading and deserialising every posting
/// (see docs/performance.md, "Statements and balances"). The business date and recorded instant are duplicated as numbers
/// (<see cref="Posting.BusinessDay"/>, <see cref="Posting.RecordedTicks"/>); one index serves a member's postings in the
/// ledger's order and carries the amounts, so statements page, count and sum from the index. Postings are a projection:
/// after a change here, rebuilding <see cref="PostingProjection"/> refills them.
/// </summary>
public static class PostingColumns
{
    public const string Table = Infrastructure.Marten.MartenSetup.Schema + ".mt_doc_posting";

    public const string BusinessDay = "business_day";
    public const string RecordedTicks = "recorded_ticks";

    /// <summary>A member's postings in the ledger's order (<see cref="PostingSql.InOrder"/>), with what the sums read.</summary>
    public const string LedgerOrderIndex = "mt_doc_posting_idx_ledger_order";

    public const string ItemKey = "item_key";

    /// <summary>A member's receivable postings grouped by item (<see cref="Posting.ItemKey"/>), for open items without a sort.</summary>
    public const string ItemsIndex = "mt_doc_posting_idx_items";

    /// <summary>The postings dated after a day, and those recorded after an instant: what a past-date read takes off the running totals (<see cref="PostingsAfter"/>).</summary>
    public const string BusinessDayIndex = "mt_doc_posting_idx_business_day";
    public const string RecordedIndex = "mt_doc_posting_idx_recorded";

    public static void Configure(StoreOptions opts)
    {
        opts.Schema.For<Posting>().Duplicate(p => p.ConsortiumId).Duplicate(p => p.MemberId);
        opts.Policies.ForAllDocuments(mapping =>
        {
            if (mapping.DocumentType != typeof(Posting)) return;
            mapping.DuplicateField(nameof(Posting.Account));
            mapping.DuplicateField(nameof(Posting.Currency));
            mapping.DuplicateField(nameof(Posting.Debit));
            mapping.DuplicateField(nameof(Posting.Credit));
            mapping.DuplicateField(nameof(Posting.ItemId));
            mapping.DuplicateField(nameof(Posting.EventType));
            mapping.DuplicateField(nameof(Posting.EventId));
            mapping.DuplicateField(nameof(Posting.Line));
            mapping.DuplicateField(nameof(Posting.BusinessDay));
            mapping.DuplicateField(nameof(Posting.RecordedTicks));
            mapping.DuplicateField(nameof(Posting.ItemKey));
            mapping.Indexes.Add(new DocumentIndex(mapping, "consortium_id", "member_id", "currency", BusinessDay, RecordedTicks, "event_id", "line")
            {
                Name = LedgerOrderIndex,
                IncludeColumns = ["account", "debit", "credit", "item_id", "event_type", "id", "tenant_id"],
            });
            mapping.Indexes.Add(new DocumentIndex(mapping, "consortium_id", "member_id", "currency", "account", ItemKey)
            {
                Name = ItemsIndex,
                IncludeColumns = ["debit", "credit", "item_id", BusinessDay, RecordedTicks, "event_id", "line", "id", "tenant_id"],
            });
            // A consortium's postings by business day and by recorded instant, carrying what a past-date read subtracts, so that
            // the postings after a date or an instant are an index-only range (docs/decisions.md, "Past dates from the running totals").
            mapping.Indexes.Add(new DocumentIndex(mapping, "consortium_id", "currency", BusinessDay)
            {
                Name = BusinessDayIndex,
                IncludeColumns = ["member_id", "account", "event_type", "debit", "credit", ItemKey, RecordedTicks, "tenant_id"],
            });
            mapping.Indexes.Add(new DocumentIndex(mapping, "consortium_id", "currency", RecordedTicks)
            {
                Name = RecordedIndex,
                IncludeColumns = ["member_id", "account", "event_type", "debit", "credit", ItemKey, BusinessDay, "tenant_id"],
            });
        });
    }
}
