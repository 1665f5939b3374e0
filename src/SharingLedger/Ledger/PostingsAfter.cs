using SharingLedger.Infrastructure.Marten;
using System.Text;
using Marten;
using NodaTime;

namespace SharingLedger.Ledger;

/// <summary>
/// Balances about an earlier business date or recorded instant from the running totals (<see cref="PostingTotals"/>) less the
/// postings not in force then: those dated after <c>asOf</c> or recorded after <c>knownAt</c>, read as index ranges on the
/// business day and the recorded instant (<see cref="PostingColumns.BusinessDayIndex"/>, <see cref="PostingColumns.RecordedIndex"/>).
/// A member's sums are its totals less the late postings' sums; an item no late posting touches keeps its totals row, and an
/// item one touches is added up again from its own postings in force (an index range on the item). The answer means what
/// <see cref="PostingSql"/> adds up from every posting in force; the tests compare both with a replay (docs/performance.md,
/// "Past dates"). When more postings are late than in force, adding up what is in force is cheaper: the caller does that.
/// </summary>
public static class PostingsAfter
{
    /// <summary>
    /// The members' sums (count, net and <see cref="MemberTotals"/>, in <see cref="MemberRunningTotals"/>) and open items in force on
    /// <paramref name="asOf"/> as known at <paramref name="knownAt"/>; null when at least half of the members' postings are late.
    /// </summary>
    public static async Task<(Dictionary<Guid, MemberRunningTotals> Totals, Dictionary<Guid, List<OpenItem>> Open)?> ReadAsync(IQuerySession session,
        Guid consortiumId, Guid? memberId, string currency, LocalDate? asOf, Instant? knownAt, IReadOnlyDictionary<Guid, MemberRunningTotals> running,
        CancellationToken ct)
    {
        if (asOf is null && knownAt is null) throw new ArgumentException("Every posting is in force without a date or an instant: read the totals.");
        var all = running.Values.Sum(r => r.Postings);
        var (count, countArgs) = Late(session, consortiumId, memberId, currency, asOf, knownAt, "1");
        countArgs.Add(all / 2 + 1);
        var late = (await PlainSql.ReadAsync(await PostingTotals.Ready(session, ct), $"select count(*) from (select 1 from ({count}) u limit ?) x", countArgs,
            r => r.GetInt64(0), ct)).Single();
        if (late * 2 > all) return null;

        var totals = running.ToDictionary(r => r.Key, r => r.Value);
        if (late > 0)
        {
            // The totals less the late postings' sums in one statement, so both are read from one snapshot of the postings.
            var (sums, args) = Late(session, consortiumId, memberId, currency, asOf, knownAt, "member_id, account, event_type, debit, credit");
            var member = memberId is null ? "" : " and t.member_id = ?";
            object[] totalsArgs = memberId is { } m ? [session.ConsortiumInScope(consortiumId), currency, m] : [session.ConsortiumInScope(consortiumId), currency];
            args.AddRange(totalsArgs);
            var rows = await PlainSql.ReadAsync(session, $"""
                with l as (select member_id, count(*)::bigint as postings, coalesce(sum(debit - credit), 0)::bigint as net, {PostingSql.Sums}
                           from ({sums}) x group by member_id)
                select t.member_id, t.postings - coalesce(l.postings, 0), t.net - coalesce(l.net, 0), t.assessed - coalesce(l.assessed, 0),
                       t.paid - coalesce(l.paid, 0), t.credits - coalesce(l.credits, 0), t.in_kind - coalesce(l.in_kind, 0),
                       t.payable - coalesce(l.payable, 0), t.last_day, t.last_ticks
                from {PostingTotals.MemberTable} t left join l on l.member_id = t.member_id where t.consortium_id = ? and t.currency = ?{member}
                """, args, PostingTotals.ReadMember, ct);
            totals = rows.ToDictionary(r => r.MemberId);
        }
        return (totals, late == 0 ? await PostingTotals.OpenItemsAsync(session, consortiumId, memberId, currency, ct)
            : await OpenItemsAsync(session, consortiumId, memberId, currency, asOf, knownAt, ct));
    }

    /// <summary>
    /// Open items in force: the items' totals rows that no late posting touches, and the touched items added up again from their
    /// postings in force; ranked and allocated as <see cref="PostingSql.OpenItemsAsync"/> does.
    /// </summary>
    private static async Task<Dictionary<Guid, List<OpenItem>>> OpenItemsAsync(IQuerySession session, Guid consortiumId, Guid? memberId, string currency,
        LocalDate? asOf, Instant? knownAt, CancellationToken ct)
    {
        var (late, args) = Late(session, consortiumId, memberId, currency, asOf, knownAt, "member_id, item_key", Accounts.MemberReceivable);
        var consortium = session.ConsortiumInScope(consortiumId);
        var inForce = new StringBuilder();
        args.AddRange([consortiumId, currency, Accounts.MemberReceivable, session.TenantId]);
        if (asOf is { } d) { inForce.Append($" and p.{PostingColumns.BusinessDay} <= ?"); args.Add(Posting.DayOf(d)); }
        if (knownAt is { } k) { inForce.Append($" and p.{PostingColumns.RecordedTicks} <= ?"); args.Add(Posting.TicksOf(k)); }
        args.Add(session.TenantId);
        var member = memberId is null ? "" : " and member_id = ?";
        object[] totalsArgs = memberId is { } m ? [consortium, currency, m] : [consortium, currency];
        args.AddRange(totalsArgs);
        args.AddRange(totalsArgs);
        var rows = await PlainSql.ReadAsync(session, $"""
            with late as (select distinct member_id, item_key from ({late}) x),
            redo as (
              select g.member_id, g.item_key, g.original, g.credited, g.on_account, f.{PostingColumns.BusinessDay} as first_day,
                     f.{PostingColumns.RecordedTicks} as first_ticks, f.event_id as first_event, f.line as first_line, f.data ->> 'memo' as first_memo,
                     {PostingSql.FactDay("f")} as first_fact_day
              from (select p.member_id, p.item_key, sum(p.debit) as original,
                      coalesce(sum(p.credit) filter (where p.item_id is not null), 0) as credited,
                      coalesce(sum(p.credit) filter (where p.item_id is null), 0) as on_account,
                      (array_agg(p.id order by p.{PostingSql.InOrder.Replace(", ", ", p.")}) filter (where p.debit > 0))[1] as first_id
                    from late l join {PostingColumns.Table} p on p.consortium_id = ? and p.member_id = l.member_id and p.currency = ?
                      and p.account = ? and p.{PostingColumns.ItemKey} = l.item_key
                    where p.tenant_id = ?{inForce}
                    group by 1, 2) g
              left join {PostingColumns.Table} f on f.id = g.first_id and f.tenant_id = ?),
            items as (
              select member_id, item_key, original::numeric, credited::numeric, on_account::numeric, first_day, first_ticks, first_event, first_line,
                     first_memo::text, first_fact_day
                from {PostingTotals.ItemTable} t where consortium_id = ? and currency = ?{member} and original > credited
                  and not exists (select 1 from late l where l.member_id = t.member_id and l.item_key = t.item_key)
              union all
              select member_id, item_key, original, credited, on_account, first_day, first_ticks, first_event, first_line, first_memo, first_fact_day
                from {PostingTotals.ItemTable} t where consortium_id = ? and currency = ?{member} and (on_account > 0 or credited > original)
                  and not original > credited and not exists (select 1 from late l where l.member_id = t.member_id and l.item_key = t.item_key)
              union all
              select * from redo)
            select member_id, item_key::varchar, first_day, first_memo, original::bigint, (original - credited)::bigint, 0::bigint,
                   row_number() over (partition by member_id order by first_day, first_ticks, first_event, first_line), first_fact_day, first_ticks
              from items where original > credited
            union all
            select member_id, null::varchar, null::int, null::text, 0::bigint, 0::bigint, sum(on_account + greatest(credited - original, 0))::bigint, 0::bigint,
                   null::int, null::bigint
              from items where on_account > 0 or credited > original group by member_id
            """, args, OpenItemRow.Read, ct);
        return OpenItemRow.AllocateOldestFirst(rows, currency);
    }

    /// <summary>
    /// The members' postings not in force: dated after <paramref name="asOf"/>, or recorded after <paramref name="knownAt"/> (and not
    /// dated after). Two disjoint index ranges, one on each number, each selecting <paramref name="columns"/>.
    /// </summary>
    private static (string Sql, List<object> Args) Late(IQuerySession session, Guid consortiumId, Guid? memberId, string currency, LocalDate? asOf,
        Instant? knownAt, string columns, string? account = null)
    {
        var branches = new List<string>();
        var args = new List<object>();
        void Branch(string condition, params object[] values)
        {
            var sql = new StringBuilder($"select {columns} from {PostingColumns.Table} where consortium_id = ? and tenant_id = ? and currency = ? and member_id is not null");
            args.AddRange([consortiumId, session.TenantId, currency]);
            if (memberId is { } m) { sql.Append(" and member_id = ?"); args.Add(m); }
            if (account is not null) { sql.Append(" and account = ?"); args.Add(account); }
            sql.Append(" and ").Append(condition);
            args.AddRange(values);
            branches.Add(sql.ToString());
        }
        if (asOf is { } d) Branch($"{PostingColumns.BusinessDay} > ?", Posting.DayOf(d));
        if (knownAt is { } k)
        {
            if (asOf is { } day) Branch($"{PostingColumns.RecordedTicks} > ? and {PostingColumns.BusinessDay} <= ?", Posting.TicksOf(k), Posting.DayOf(day));
            else Branch($"{PostingColumns.RecordedTicks} > ?", Posting.TicksOf(k));
        }
        return (string.Join(" union all ", branches), args);
    }
}
