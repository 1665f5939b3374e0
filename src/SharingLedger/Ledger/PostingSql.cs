using System.Text;
using Marten;
using NodaTime;
using NodaTime.Text;
using SharingLedger.Kernel.Money;

namespace SharingLedger.Ledger;

/// <summary>A member's sums for the balance view, added up in SQL (minor units of the asked currency).</summary>
public sealed record MemberTotals(Guid MemberId, long Assessed, long Paid, long Credits, long Payable, long InKind);

/// <summary>
/// Reads postings in SQL over their plain columns (<see cref="PostingColumns"/>): sums, open items and a statement's
/// opening balance, so that neither a statement nor the balance view loads every posting. Each query means the same as
/// the replay in <see cref="Balances"/> over the postings in force (business date on or before <c>asOf</c>, recorded at
/// or before <c>knownAt</c>) in one currency; the tests compare both.
/// </summary>
public static class PostingSql
{
    /// <summary>The ledger's order of postings (<see cref="Balances.InOrder"/>), as SQL.</summary>
    public const string InOrder = PostingColumns.BusinessDate + ", " + PostingColumns.RecordedAt + ", event_id, line";

    /// <summary>The filter shared by every query: consortium, currency, members only, optionally one member, as of and as known.</summary>
    private static (string Where, List<object> Args) Filter(Guid consortiumId, Guid? memberId, string currency, LocalDate? asOf, Instant? knownAt, string? account = null)
    {
        var sql = new StringBuilder("consortium_id = ? and currency = ? and member_id is not null");
        var args = new List<object> { consortiumId, currency };
        if (memberId is { } m) { sql.Append(" and member_id = ?"); args.Add(m); }
        if (account is not null) { sql.Append(" and account = ?"); args.Add(account); }
        // Marten's SQL parameters know no NodaTime types: pass ISO text and cast.
        if (asOf is { } d) { sql.Append($" and {PostingColumns.BusinessDate} <= ?::date"); args.Add(LocalDatePattern.Iso.Format(d)); }
        if (knownAt is { } k) { sql.Append($" and {PostingColumns.RecordedAt} <= ?::timestamptz"); args.Add(InstantPattern.ExtendedIso.Format(k)); }
        return (sql.ToString(), args);
    }

    public static async Task<Dictionary<Guid, MemberTotals>> TotalsAsync(IQuerySession session, Guid consortiumId, string currency,
        LocalDate? asOf, Instant? knownAt, CancellationToken ct)
    {
        var (where, args) = Filter(consortiumId, null, currency, asOf, knownAt);
        var rows = await (await Ready(session, ct)).AdvancedSql.QueryAsync<MemberTotals>($"""
            select jsonb_build_object('memberId', member_id,
              'assessed', coalesce(sum(debit) filter (where account = '{Accounts.MemberReceivable}'), 0),
              'paid', coalesce(sum(credit) filter (where account = '{Accounts.MemberReceivable}' and event_type = '{nameof(PaymentReceived)}'), 0),
              'credits', coalesce(sum(credit) filter (where account = '{Accounts.MemberReceivable}' and event_type not in ('{nameof(PaymentReceived)}', '{nameof(InKind.InKindContributionRecorded)}')), 0),
              'inKind', coalesce(sum(credit) filter (where account = '{Accounts.MemberReceivable}' and event_type = '{nameof(InKind.InKindContributionRecorded)}'), 0),
              'payable', coalesce(sum(credit - debit) filter (where account = '{Accounts.MemberPayable}'), 0))
            from {PostingColumns.Table} where {where} group by member_id
            """, ct, [.. args]);
        return rows.ToDictionary(r => r.MemberId);
    }

    /// <summary>
    /// Open items per member (all members, or one), allocated as <see cref="Balances.OpenItems"/> allocates them: credits
    /// naming an item reduce it, the rest (credits on account, excess, credits naming no debit) goes to the oldest open items.
    /// </summary>
    public static async Task<Dictionary<Guid, List<OpenItem>>> OpenItemsAsync(IQuerySession session, Guid consortiumId, Guid? memberId, string currency,
        LocalDate? asOf, Instant? knownAt, CancellationToken ct)
    {
        var (where, args) = Filter(consortiumId, memberId, currency, asOf, knownAt, Accounts.MemberReceivable);
        var rows = await (await Ready(session, ct)).AdvancedSql.QueryAsync<OpenItemRow>($"""
            with p as (select id, member_id, item_id, debit, credit, {PostingColumns.BusinessDate} as business_date, {PostingColumns.RecordedAt} as recorded_at,
                         event_id, line from {PostingColumns.Table} where {where}),
            d as (select member_id, coalesce(item_id, id) as key, sum(debit) as original,
                    (array_agg(id order by business_date, recorded_at, event_id, line))[1] as first_id
                  from p where debit > 0 group by 1, 2),
            c as (select member_id, item_id as key, sum(credit) as credited from p where credit > 0 and item_id is not null group by 1, 2),
            u as (select member_id, sum(amount) as amount from (
                    select member_id, credit as amount from p where credit > 0 and item_id is null
                    union all
                    select c.member_id, c.credited - least(coalesce(d.original, 0), c.credited) from c left join d using (member_id, key)) x
                  group by member_id)
            select jsonb_build_object('memberId', d.member_id, 'key', d.key, 'date', f.data ->> 'businessDate', 'memo', f.data ->> 'memo',
                     'original', d.original, 'open', d.original - least(d.original, coalesce(c.credited, 0)), 'unallocated', 0,
                     'rank', row_number() over (partition by d.member_id order by (f.data ->> 'businessDate')::date, (f.data ->> 'recordedAt')::timestamptz, f.event_id, f.line))
              from d left join c using (member_id, key) join {PostingColumns.Table} f on f.id = d.first_id
              where d.original > coalesce(c.credited, 0)
            union all
            select jsonb_build_object('memberId', member_id, 'key', null, 'date', null, 'memo', null, 'original', 0, 'open', 0, 'unallocated', amount, 'rank', 0)
              from u where amount > 0
            """, ct, [.. args]);

        // Rank: the item's first debit in the ledger's order; the oldest items take what is unallocated first.
        var result = new Dictionary<Guid, List<OpenItem>>();
        foreach (var member in rows.GroupBy(r => r.MemberId))
        {
            var unallocated = member.Sum(r => r.Unallocated);
            var items = new List<OpenItem>();
            foreach (var r in member.Where(r => r.Key is not null).OrderBy(r => r.Rank))
            {
                var open = r.Open;
                var take = Math.Min(unallocated, open);
                open -= take;
                unallocated -= take;
                if (open > 0) items.Add(new OpenItem(r.Key!, r.Date!.Value, r.Memo ?? "", new Money(r.Original, currency), new Money(open, currency)));
            }
            result[member.Key] = items;
        }
        return result;
    }

    /// <summary>How many postings a member's statement has and their net (debit minus credit).</summary>
    public static async Task<(long Count, long Net)> StatementTotalsAsync(IQuerySession session, Guid consortiumId, Guid memberId, string currency,
        LocalDate? asOf, Instant? knownAt, CancellationToken ct)
    {
        var (where, args) = Filter(consortiumId, memberId, currency, asOf, knownAt);
        var row = (await (await Ready(session, ct)).AdvancedSql.QueryAsync<CountAndNet>(
            $"select jsonb_build_object('count', count(*), 'net', coalesce(sum(debit - credit), 0)) from {PostingColumns.Table} where {where}", ct, [.. args])).Single();
        return (row.Count, row.Net);
    }

    /// <summary>The net of a member's first <paramref name="skip"/> postings in the ledger's order: the balance a page opens with.</summary>
    public static async Task<long> NetBeforeAsync(IQuerySession session, Guid consortiumId, Guid memberId, string currency,
        LocalDate? asOf, Instant? knownAt, long skip, CancellationToken ct)
    {
        if (skip <= 0) return 0;
        var (where, args) = Filter(consortiumId, memberId, currency, asOf, knownAt);
        args.Add(skip);
        return (await (await Ready(session, ct)).AdvancedSql.QueryAsync<long>(
            $"select coalesce(sum(debit - credit), 0)::bigint from (select debit, credit from {PostingColumns.Table} where {where} order by {InOrder} limit ?) x",
            ct, [.. args])).Single();
    }

    /// <summary>The ids of a member's postings <paramref name="skip"/> to <paramref name="skip"/> + <paramref name="take"/> in the ledger's order.</summary>
    public static async Task<IReadOnlyList<string>> PageAsync(IQuerySession session, Guid consortiumId, Guid memberId, string currency,
        LocalDate? asOf, Instant? knownAt, long skip, int take, CancellationToken ct)
    {
        var (where, args) = Filter(consortiumId, memberId, currency, asOf, knownAt);
        args.Add(skip);
        args.Add(take);
        return await (await Ready(session, ct)).AdvancedSql.QueryAsync<string>($"select id from {PostingColumns.Table} where {where} order by {InOrder} offset ? limit ?", ct, [.. args]);
    }

    /// <summary>Raw SQL does not create the table as Marten's own queries do: make sure it exists (once per store).</summary>
    private static async Task<IQuerySession> Ready(IQuerySession session, CancellationToken ct)
    {
        await session.Database.EnsureStorageExistsAsync(typeof(Posting), ct);
        return session;
    }

    private sealed record CountAndNet(long Count, long Net);

    private sealed record OpenItemRow(Guid MemberId, string? Key, LocalDate? Date, string? Memo, long Original, long Open, long Unallocated, long Rank);
}
