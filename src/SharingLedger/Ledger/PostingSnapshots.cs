using SharingLedger.Infrastructure.Marten;
using Marten;
using NodaTime;

namespace SharingLedger.Ledger;

/// <summary>
/// Balances as of an earlier business date from a snapshot of the running totals at the end of the month before it, plus the
/// postings dated between (at most a month of them, an index range on <see cref="PostingColumns.BusinessDayIndex"/>), so that any
/// earlier date costs about what a recent one does. A snapshot holds every member's sums and every receivable item's sums over
/// the postings dated on or before the month's last day; it is taken when a date in the following month is first asked about
/// (<c>posting_snapshot_take</c> in <c>PostingTotals.sql</c>) and from then on kept by the totals' trigger, which counts a posting
/// into every snapshot on or after its day (docs/decisions.md, "A month's clearing reads only what it nets, and past dates from
/// month-end snapshots"). An item is its snapshot row plus the sums of the postings between that name it, dated by its first debit
/// from the running totals (the ledger's order starts with the business day, so the first of all debits is the one in force). The
/// answer means what <see cref="PostingSql"/> adds up; <c>PastDateReadsTests</c> compares them. Only for a business date: a
/// question as known at an earlier instant goes to <see cref="PostingsAfter"/> or <see cref="PostingSql"/>.
/// </summary>
public static class PostingSnapshots
{
    public const string MonthTable = PostingTotals.Schema + ".posting_snapshot_months";
    public const string MemberTable = PostingTotals.Schema + ".posting_snapshot_members";
    public const string ItemTable = PostingTotals.Schema + ".posting_snapshot_items";

    /// <summary>The advisory lock space (two-int keys, beside <see cref="WriteLocks"/>'s) of writers of postings and a snapshot being taken.</summary>
    public const int LockClass = 186_263;

    /// <summary>The last day of the month before <paramref name="asOf"/>'s, or <paramref name="asOf"/> itself when it ends its month.</summary>
    public static LocalDate SnapshotDay(LocalDate asOf)
    {
        var next = asOf.PlusDays(1);
        return next.Day == 1 ? asOf : asOf.PlusDays(-asOf.Day);
    }

    /// <summary>
    /// Every member's sums (count, net and <see cref="MemberTotals"/>, in <see cref="MemberRunningTotals"/> with no last day) and open items
    /// in force on <paramref name="asOf"/>; null when the snapshot is missing and cannot be taken now (a writer of the consortium's postings
    /// is at work), and the caller adds up another way.
    /// </summary>
    public static async Task<(Dictionary<Guid, MemberRunningTotals> Totals, Dictionary<Guid, List<OpenItem>> Open)?> ReadAsync(IQuerySession session,
        Guid consortiumId, string currency, LocalDate asOf, CancellationToken ct)
    {
        var consortium = session.ConsortiumInScope(consortiumId);
        var last = Posting.DayOf(SnapshotDay(asOf));
        var day = Posting.DayOf(asOf);
        await PostingTotals.Ready(session, ct);
        var taken = await PlainSql.ReadAsync(session, $"select {PostingTotals.Schema}.posting_snapshot_take(?, ?, ?)", [consortium, currency, last],
            r => r.GetBoolean(0), ct);
        if (!taken.Single()) return null;

        // The postings dated after the snapshot and on or before the date: a range on the business-day index.
        const string between = $"from {PostingColumns.Table} where consortium_id = ? and tenant_id = ? and currency = ? and member_id is not null"
                               + $" and {PostingColumns.BusinessDay} > ? and {PostingColumns.BusinessDay} <= ?";
        object[] betweenArgs = [consortiumId, session.TenantId, currency, last, day];
        var rows = await PlainSql.ReadAsync(session, $"""
            with b as (select member_id, count(*)::bigint as postings, coalesce(sum(debit - credit), 0)::bigint as net, {PostingSql.Sums}
                       {between} group by member_id),
            s as (select * from {MemberTable} where consortium_id = ? and currency = ? and last_day = ?)
            select coalesce(s.member_id, b.member_id), coalesce(s.postings, 0) + coalesce(b.postings, 0), coalesce(s.net, 0) + coalesce(b.net, 0),
                   coalesce(s.assessed, 0) + coalesce(b.assessed, 0), coalesce(s.paid, 0) + coalesce(b.paid, 0),
                   coalesce(s.credits, 0) + coalesce(b.credits, 0), coalesce(s.in_kind, 0) + coalesce(b.in_kind, 0),
                   coalesce(s.payable, 0) + coalesce(b.payable, 0), 0, 0::bigint
            from s full join b on b.member_id = s.member_id
            """, [.. betweenArgs, consortium, currency, last], PostingTotals.ReadMember, ct);

        // The items: the snapshot's rows no posting between names as they are, and the items the postings between name, their sums
        // added to the snapshot's row (if any). Each item's first debit (its date, memo and rank) is the running totals' one: the
        // ledger's order starts with the business day, so the first of all debits is the first in force whenever any debit is.
        var open = OpenItemRow.AllocateOldestFirst(await PlainSql.ReadAsync(session, $"""
            with b as (select member_id, {PostingColumns.ItemKey} as item_key, sum(debit) as original,
                         coalesce(sum(credit) filter (where item_id is not null), 0) as credited,
                         coalesce(sum(credit) filter (where item_id is null), 0) as on_account
                       {between} and account = ? group by 1, 2),
            items as (
              select s.member_id, s.item_key, s.original::numeric as original, s.credited::numeric as credited, s.on_account::numeric as on_account
                from {ItemTable} s where s.consortium_id = ? and s.currency = ? and s.last_day = ?
                  and (s.original > s.credited or s.on_account > 0 or s.credited > s.original)
                  and not exists (select 1 from b where b.member_id = s.member_id and b.item_key = s.item_key)
              union all
              select b.member_id, b.item_key, coalesce(s.original, 0) + b.original, coalesce(s.credited, 0) + b.credited,
                     coalesce(s.on_account, 0) + b.on_account
                from b left join {ItemTable} s on s.consortium_id = ? and s.currency = ? and s.last_day = ? and s.member_id = b.member_id
                  and s.item_key = b.item_key),
            dated as (
              select i.member_id, i.item_key, i.original, i.credited, t.first_day, t.first_ticks, t.first_event, t.first_line, t.first_memo, t.first_fact_day
                from items i join {PostingTotals.ItemTable} t on t.consortium_id = ? and t.member_id = i.member_id and t.currency = ? and t.item_key = i.item_key
                where i.original > i.credited)
            select member_id, item_key::varchar, first_day, first_memo::text, original::bigint, (original - credited)::bigint, 0::bigint,
                   row_number() over (partition by member_id order by first_day, first_ticks, first_event, first_line), first_fact_day, first_ticks
              from dated
            union all
            select member_id, null::varchar, null::int, null::text, 0::bigint, 0::bigint, sum(on_account + greatest(credited - original, 0))::bigint,
                   0::bigint, null::int, null::bigint
              from items where on_account > 0 or credited > original group by member_id
            """, [.. betweenArgs, Accounts.MemberReceivable, consortium, currency, last, consortium, currency, last, consortium, currency],
            OpenItemRow.Read, ct), currency);
        return (rows.ToDictionary(r => r.MemberId), open);
    }
}
