using Marten;

namespace SharingLedger.Ledger;

/// <summary>
/// <see cref="Posting"/>s are stored as Marten documents with their fields also in plain columns, so that statements
/// and balances page, sum and group in SQL (<see cref="PostingSql"/>) instead of loading and deserialising every posting
/// (see docs/performance.md, "Statements and balances"). Consortium and member are indexed; the rest are read only after
/// those filters. The business date and recorded instant stay in the JSON (<see cref="BusinessDate"/>, <see cref="RecordedAt"/>). Postings are a projection: after a change here, rebuilding <see cref="PostingProjection"/> refills them.
/// </summary>
public static class PostingColumns
{
    public const string Table = Infrastructure.Marten.MartenSetup.Schema + ".mt_doc_posting";

    /// <summary>NodaTime values cannot be duplicated into columns by Marten without its NodaTime plugin: read from the JSON.</summary>
    public const string BusinessDate = "(data ->> 'businessDate')::date";
    public const string RecordedAt = "(data ->> 'recordedAt')::timestamptz";

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
        });
    }
}
