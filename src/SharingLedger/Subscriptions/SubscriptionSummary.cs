using Marten;
using NodaTime;
using SharingLedger.Infrastructure.Marten;
using SharingLedger.Kernel.Money;
using SharingLedger.Sharing;

namespace SharingLedger.Subscriptions;

/// <summary>
/// A shared subscription summed up as the consortium's list answers it: what it is, how many terms it has had, and its current term.
/// The whole subscription (every term, invoice, split revision and usage report) is <c>GET …/subscriptions/{subscriptionId}</c>; the
/// current split's shares, a page at a time, are <c>GET …/subscriptions/{subscriptionId}/terms/{term}/shares</c>.
/// </summary>
public sealed record SubscriptionSummary(Guid Id, string Vendor, string Resource, LocalDate? CancelledFrom, int Terms, TermSummary Current);

/// <summary>
/// A term summed up: its days, contracted price, sharing term and agreement version, how many members take part in it, the vendor's
/// invoice once recorded, whether its split waits for finance's decision (<c>needsDecision</c>), and the split that stands (null
/// before the term is invoiced, while it waits for a decision, or after its invoice was voided).
/// </summary>
public sealed record TermSummary(int Number, LocalDate Start, LocalDate End, Money Price, string SharingTermName, int AgreementVersion,
    int Participants, MemberTermInvoice? Invoice, bool NeedsDecision, SplitSummary? Split);

/// <summary>The split that stands: how it was made (<c>apportioned</c>, <c>prorated</c> or <c>decided</c>), its revision, the total split, the shortfall to the central fund and how many members share it.</summary>
public sealed record SplitSummary(string Method, int Revision, Money Total, Money Shortfall, int Members);

/// <summary>A subscription's summary with its current split's lines when it has at most as many as were asked for (none otherwise).</summary>
public sealed record SubscriptionListing(SubscriptionSummary Summary, IReadOnlyList<ShareLine> Lines)
{
    public bool LinesKept => Summary.Current.Split is { } split && Lines.Count == split.Members;

    /// <summary>
    /// The consortium's subscriptions (or only <paramref name="only"/>) in the order of the list (resource, then id), summed up by
    /// PostgreSQL out of the stored documents, each split's lines kept when there are at most <paramref name="linesUpTo"/>. At national
    /// size a document is about 0.8 MB (2,000 participants and their split): each is decompressed once and its last term and last split
    /// taken once (each <c>data-&gt;</c> of a stored document decompresses it again), and only the figures the summary names leave the
    /// database.
    /// </summary>
    public static async Task<IReadOnlyList<SubscriptionListing>> InAsync(IQuerySession session, Guid consortiumId, int linesUpTo,
        CancellationToken ct, Guid? only = null)
    {
        await session.Database.EnsureStorageExistsAsync(typeof(Subscription), ct);
        return await PlainSql.ReadAsync(session, $$"""
            select jsonb_build_object('id', id, 'vendor', d->'vendor', 'resource', d->'resource', 'cancelledFrom', d->'cancelledFrom',
                     'terms', jsonb_array_length(d->'terms'),
                     'current', jsonb_build_object('number', t->'number', 'start', t->'start', 'end', t->'end', 'price', t->'price',
                       'sharingTermName', t->'sharingTermName', 'agreementVersion', t->'agreementVersion',
                       'participants', (select count(distinct p->>'memberId') from jsonb_array_elements(t->'participants') p),
                       'invoice', case when jsonb_typeof(t->'invoice') = 'object' then t->'invoice' end,
                       'needsDecision', coalesce(jsonb_typeof(t->'pendingSplit') = 'object', false),
                       'split', case when stands then jsonb_build_object('method', a->'cost'->'method', 'revision', a->'revision',
                         'total', a->'cost'->'total', 'shortfall', a->'cost'->'shortfall', 'members', jsonb_array_length(a->'cost'->'lines')) end)),
                   case when stands and jsonb_array_length(a->'cost'->'lines') <= ? then a->'cost'->'lines' else '[]'::jsonb end
            from (select id, d, t, a, coalesce((a->>'revision')::int > coalesce((t->>'voidedThroughRevision')::int, 0), false) as stands
                  from (select id, d, t, t->'apportionments'->-1 as a
                        from (select id, d, d->'terms'->-1 as t
                              from (select id, '{}'::jsonb || data as d from {{MartenSetup.Schema}}.mt_doc_subscription
                                    where tenant_id = ? and (data->>'consortiumId')::uuid = ? and (?::uuid is null or id = ?) offset 0) w
                              offset 0) x
                        offset 0) y
                  offset 0) z
            order by d->>'resource', id
            """, [linesUpTo, session.TenantId, consortiumId, (object?)only ?? DBNull.Value, (object?)only ?? DBNull.Value],
            r => new SubscriptionListing(PlainSql.Json<SubscriptionSummary>(session, r.GetString(0)), PlainSql.Json<List<ShareLine>>(session, r.GetString(1))), ct);
    }
}
