using SharingLedger.Infrastructure.Marten;
using Marten;
using NodaTime;

namespace SharingLedger.Ledger;

/// <summary>A member's running totals (<see cref="PostingTotals"/>), with the latest business day and recorded instant they count.</summary>
public sealed record MemberRunningTotals(Guid MemberId, long Postings, long Net, long Assessed, long Paid, long Credits, long InKind, long Payable,
    int LastDay, long LastTicks)
{
    /// <summary>
    /// Whether every posting counted is in force on <paramref name="asOf"/> as known at <paramref name="knownAt"/> (null: no limit), so
    /// that the totals mean what <see cref="PostingSql"/> would add up for the same question.
    /// </summary>
    public bool Covers(LocalDate? asOf, Instant? knownAt) =>
        (asOf is not { } d || LastDay <= Posting.DayOf(d)) && (knownAt is not { } k || LastTicks <= Posting.TicksOf(k));

    public MemberTotals Totals => new(MemberId, Assessed, Paid, Credits, Payable, InKind);
}

/// <summary>
/// Running totals of the postings, per member and per receivable item, kept by a trigger as postings are written
/// (<see cref="PostingTotalsSchema"/>, <c>PostingTotals.sql</c>). They answer the current statement, balances and payment
/// allocation without adding up a member's postings on every read; a question about an earlier date or instant that some
/// posting is after goes to <see cref="PostingSql"/> instead (<see cref="LedgerReads"/> chooses). Both mean the same;
/// the tests compare them.
/// </summary>
public static class PostingTotals
{
    public const string Schema = Infrastructure.Marten.MartenSetup.Schema;
    public const string MemberTable = Schema + ".posting_member_totals";
    public const string ItemTable = Schema + ".posting_item_totals";

    /// <summary>The running totals of one member or of every member with postings.</summary>
    public static async Task<Dictionary<Guid, MemberRunningTotals>> MembersAsync(IQuerySession session, Guid consortiumId, Guid? memberId,
        string currency, CancellationToken ct)
    {
        var (member, args) = Filter(session, consortiumId, currency, memberId);
        var rows = await PlainSql.ReadAsync(await Ready(session, ct), $"""
            select member_id, postings, net, assessed, paid, credits, in_kind, payable, last_day, last_ticks
            from {MemberTable} where consortium_id = ? and currency = ?{member}
            """, args, ReadMember, ct);
        return rows.ToDictionary(r => r.MemberId);
    }

    /// <summary>A member's row: member, postings, net, assessed, paid, credits, in kind, payable, last day, last recorded ticks.</summary>
    internal static MemberRunningTotals ReadMember(System.Data.Common.DbDataReader r) => new(r.GetGuid(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3),
        r.GetInt64(4), r.GetInt64(5), r.GetInt64(6), r.GetInt64(7), r.GetInt32(8), r.GetInt64(9));

    /// <summary>The open items of one member or of every member, now (all postings), allocated as <see cref="PostingSql.OpenItemsAsync"/> allocates them.</summary>
    public static async Task<Dictionary<Guid, List<OpenItem>>> OpenItemsAsync(IQuerySession session, Guid consortiumId, Guid? memberId,
        string currency, CancellationToken ct)
    {
        var (member, args) = Filter(session, consortiumId, currency, memberId);
        await Ready(session, ct);
        // Both read a partial index: the open items in the order the oldest take what is unallocated, and the few items
        // that leave something unallocated (credits on account, credits beyond their item).
        var rows = await PlainSql.ReadAsync(session, $"""
            select member_id, item_key, first_day, first_memo, original, original - credited, 0::bigint,
                   row_number() over (partition by member_id order by first_day, first_ticks, first_event, first_line), first_fact_day, first_ticks
            from {ItemTable} where consortium_id = ? and currency = ?{member} and original > credited
            """, args, OpenItemRow.Read, ct);
        rows.AddRange(await PlainSql.ReadAsync(session, $"""
            select member_id, null::varchar, null::int, null::varchar, 0::bigint, 0::bigint, sum(on_account + greatest(credited - original, 0))::bigint, 0::bigint,
                   null::int, null::bigint
            from {ItemTable} where consortium_id = ? and currency = ?{member} and (on_account > 0 or credited > original) group by member_id
            """, args, OpenItemRow.Read, ct));
        return OpenItemRow.AllocateOldestFirst(rows, currency);
    }

    /// <summary>
    /// Every member's open items now, aged on <paramref name="today"/> and summed into the balances' buckets by PostgreSQL: what
    /// <see cref="OpenItemsAsync"/> answers item by item (the unallocated credits taken by the oldest items first) and
    /// <see cref="Balances.Age"/> buckets. At national size that is about 200,000 open items (2,000 members in 100 subscriptions), which
    /// read item by item cost the council's balances about half a second; summed here they are one row a member.
    /// </summary>
    public static async Task<Dictionary<Guid, AgeingBuckets>> AgeingAsync(IQuerySession session, Guid consortiumId, string currency, LocalDate today,
        CancellationToken ct)
    {
        var (_, args) = Filter(session, consortiumId, currency, null);
        await Ready(session, ct);
        var day = Posting.DayOf(today);
        var rows = await PlainSql.ReadAsync(session, $"""
            with unallocated as (
              select member_id, sum(on_account + greatest(credited - original, 0))::bigint as amount
              from {ItemTable} where consortium_id = ? and currency = ? and (on_account > 0 or credited > original) group by member_id),
            open as (
              select member_id, original - credited as open, coalesce(first_fact_day, first_day) as aged_from,
                     sum(original - credited) over (partition by member_id order by first_day, first_ticks, first_event, first_line
                                                    rows unbounded preceding) as through
              from {ItemTable} where consortium_id = ? and currency = ? and original > credited),
            left_open as (
              select o.member_id, o.aged_from, greatest(0, least(o.open, o.through - coalesce(u.amount, 0))) as open
              from open o left join unallocated u using (member_id))
            select member_id,
              coalesce(sum(open) filter (where ? - aged_from <= 30), 0)::bigint,
              coalesce(sum(open) filter (where ? - aged_from between 31 and 60), 0)::bigint,
              coalesce(sum(open) filter (where ? - aged_from between 61 and 90), 0)::bigint,
              coalesce(sum(open) filter (where ? - aged_from > 90), 0)::bigint
            from left_open group by member_id
            """, [.. args, .. args, day, day, day, day],
            r => (Member: r.GetGuid(0), Buckets: new AgeingBuckets(new(r.GetInt64(1), currency), new(r.GetInt64(2), currency),
                new(r.GetInt64(3), currency), new(r.GetInt64(4), currency))), ct);
        return rows.ToDictionary(r => r.Member, r => r.Buckets);
    }

    /// <summary>
    /// The totals are keyed by consortium, which is the tenant of every posting they add up (a posting is projected from its
    /// consortium's own events): only the session's consortium is read (<see cref="ConsortiumTenancy.ConsortiumInScope"/>).
    /// </summary>
    private static (string Member, object[] Args) Filter(IQuerySession session, Guid consortiumId, string currency, Guid? memberId)
    {
        var consortium = session.ConsortiumInScope(consortiumId);
        return memberId is { } m ? (" and member_id = ?", [consortium, currency, m]) : ("", [consortium, currency]);
    }

    /// <summary>Make sure the postings table and its totals exist (raw SQL does not create them as Marten's own queries do).</summary>
    internal static async Task<IQuerySession> Ready(IQuerySession session, CancellationToken ct)
    {
        await session.Database.EnsureStorageExistsAsync(typeof(PostingTotalsFeature), ct);
        return session;
    }
}
