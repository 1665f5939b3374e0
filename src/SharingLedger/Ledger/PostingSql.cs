using SharingLedger.Infrastructure.Marten;
using System.Text;
using Marten;
using NodaTime;
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
    public const string InOrder = PostingColumns.BusinessDay + ", " + PostingColumns.RecordedTicks + ", event_id, line";

    /// <summary>The ledger's order backwards, to read a page near the end from the end.</summary>
    public const string InReverseOrder = PostingColumns.BusinessDay + " desc, " + PostingColumns.RecordedTicks + " desc, event_id desc, line desc";

    /// <summary>
    /// The filter shared by every query: the session's tenant (the consortium's postings only, as Marten's own queries read them),
    /// consortium, currency, members only, optionally one member, as of and as known.
    /// </summary>
    private static (string Where, List<object> Args) Filter(IQuerySession session, Guid consortiumId, Guid? memberId, string currency, LocalDate? asOf, Instant? knownAt, string? account = null)
    {
        var sql = new StringBuilder("consortium_id = ? and tenant_id = ? and currency = ? and member_id is not null");
        var args = new List<object> { consortiumId, session.TenantId, currency };
        if (memberId is { } m) { sql.Append(" and member_id = ?"); args.Add(m); }
        if (account is not null) { sql.Append(" and account = ?"); args.Add(account); }
        // The dates as the numbers duplicated into columns. Recorded instants are whole ticks (they come from the event's
        // timestamp), so comparing them with knownAt's ticks rounded down means the same as comparing the instants.
        if (asOf is { } d) { sql.Append($" and {PostingColumns.BusinessDay} <= ?"); args.Add(Posting.DayOf(d)); }
        if (knownAt is { } k) { sql.Append($" and {PostingColumns.RecordedTicks} <= ?"); args.Add(Posting.TicksOf(k)); }
        return (sql.ToString(), args);
    }

    /// <summary>Debits that give money back (a payment reversed, an overpayment refunded): they lower what was paid, not raise what was assessed.</summary>
    internal const string Returned = $"'{nameof(PaymentReversed)}', '{nameof(OverpaymentRefunded)}'";

    /// <summary>A member's sums over a set of its postings, in the order of <see cref="MemberTotals"/>: assessed, paid, credits, payable, in kind.</summary>
    internal const string Sums = $"""
        coalesce(sum(debit) filter (where account = '{Accounts.MemberReceivable}' and event_type not in ({Returned})), 0)::bigint as assessed,
        (coalesce(sum(credit) filter (where account = '{Accounts.MemberReceivable}' and event_type = '{nameof(PaymentReceived)}'), 0)
          - coalesce(sum(debit) filter (where account = '{Accounts.MemberReceivable}' and event_type in ({Returned})), 0))::bigint as paid,
        coalesce(sum(credit) filter (where account = '{Accounts.MemberReceivable}' and event_type not in ('{nameof(PaymentReceived)}', '{nameof(InKind.InKindContributionRecorded)}')), 0)::bigint as credits,
        coalesce(sum(credit - debit) filter (where account = '{Accounts.MemberPayable}'), 0)::bigint as payable,
        coalesce(sum(credit) filter (where account = '{Accounts.MemberReceivable}' and event_type = '{nameof(InKind.InKindContributionRecorded)}'), 0)::bigint as in_kind
        """;

    public static async Task<Dictionary<Guid, MemberTotals>> TotalsAsync(IQuerySession session, Guid consortiumId, string currency,
        LocalDate? asOf, Instant? knownAt, CancellationToken ct, Guid? memberId = null)
    {
        var (where, args) = Filter(session, consortiumId, memberId, currency, asOf, knownAt);
        var rows = await PlainSql.ReadAsync(await Ready(session, ct), $"select member_id, {Sums} from {PostingColumns.Table} where {where} group by member_id",
            args, r => new MemberTotals(r.GetGuid(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3), r.GetInt64(4), r.GetInt64(5)), ct);
        return rows.ToDictionary(r => r.MemberId);
    }

    /// <summary>
    /// Open items per member (all members, or one), allocated as <see cref="Balances.OpenItems"/> allocates them: credits
    /// naming an item reduce it, the rest (credits on account, excess, credits naming no debit) goes to the oldest open items.
    /// </summary>
    public static async Task<Dictionary<Guid, List<OpenItem>>> OpenItemsAsync(IQuerySession session, Guid consortiumId, Guid? memberId, string currency,
        LocalDate? asOf, Instant? knownAt, CancellationToken ct)
    {
        var (where, args) = Filter(session, consortiumId, memberId, currency, asOf, knownAt, Accounts.MemberReceivable);
        args.Add(session.TenantId); // the join back to the first debit, in the same tenant
        // g: one pass over the member's receivable (the ledger-order index) grouped by item: a posting naming no item is
        // its own item (a debit) or a credit on account. u: what goes to the oldest items (credits on account and what
        // exceeds an item). Only the items still open join back to their first debit for its date, memo and rank.
        var rows = await PlainSql.ReadAsync(await Ready(session, ct), $"""
            with g as (select member_id, {PostingColumns.ItemKey} as key, sum(debit) as original,
                         coalesce(sum(credit) filter (where item_id is not null), 0) as credited,
                         coalesce(sum(credit) filter (where item_id is null), 0) as on_account,
                         (array_agg(id order by {InOrder}) filter (where debit > 0))[1] as first_id
                       from {PostingColumns.Table} where {where} group by 1, 2),
            u as (select member_id, sum(on_account + credited - least(original, credited)) as amount from g group by member_id)
            select g.member_id, g.key::varchar, t.{PostingColumns.BusinessDay}, t.data ->> 'memo', g.original::bigint, (g.original - g.credited)::bigint, 0::bigint,
                     row_number() over (partition by g.member_id order by t.{PostingColumns.BusinessDay}, t.{PostingColumns.RecordedTicks}, t.event_id, t.line),
                     {FactDay("t")}, t.{PostingColumns.RecordedTicks}
              from g join {PostingColumns.Table} t on t.id = g.first_id and t.tenant_id = ?
              where g.original > g.credited
            union all
            select member_id, null::varchar, null::int, null::text, 0::bigint, 0::bigint, amount::bigint, 0::bigint, null::int, null::bigint
              from u where amount > 0
            """, args, OpenItemRow.Read, ct);

        return OpenItemRow.AllocateOldestFirst(rows, currency);
    }

    /// <summary>
    /// Per item a member's receivable names: gross (its debits, money given back left out), paid (payments naming it less the
    /// money given back) and credits (every other credit naming it).
    /// </summary>
    public static async Task<Dictionary<string, (long Gross, long Paid, long Credits)>> ItemSumsAsync(IQuerySession session, Guid consortiumId, Guid memberId,
        string currency, LocalDate? asOf, Instant? knownAt, string[] itemIds, CancellationToken ct)
    {
        var (where, args) = Filter(session, consortiumId, memberId, currency, asOf, knownAt, Accounts.MemberReceivable);
        args.Add(itemIds);
        var rows = await PlainSql.ReadAsync(await Ready(session, ct), $"""
            select item_id,
              coalesce(sum(debit) filter (where event_type not in ({Returned})), 0)::bigint,
              (coalesce(sum(credit) filter (where event_type = '{nameof(PaymentReceived)}'), 0) - coalesce(sum(debit) filter (where event_type in ({Returned})), 0))::bigint,
              coalesce(sum(credit) filter (where event_type <> '{nameof(PaymentReceived)}'), 0)::bigint
            from {PostingColumns.Table} where {where} and item_id = any(?) group by item_id
            """, args, r => (Id: r.GetString(0), Sums: (r.GetInt64(1), r.GetInt64(2), r.GetInt64(3))), ct);
        return rows.ToDictionary(r => r.Id, r => r.Sums);
    }

    /// <summary>A posting's fact date (<see cref="Posting.FactDate"/>, in its document) as a day number, as <see cref="Posting.DayOf"/> counts days.</summary>
    internal static string FactDay(string table) => $"(({table}.data ->> 'factDate')::date - date '0001-01-01')";

    /// <summary>How many postings a member's statement has and their net (debit minus credit).</summary>
    public static async Task<(long Count, long Net)> StatementTotalsAsync(IQuerySession session, Guid consortiumId, Guid memberId, string currency,
        LocalDate? asOf, Instant? knownAt, CancellationToken ct)
    {
        var (where, args) = Filter(session, consortiumId, memberId, currency, asOf, knownAt);
        var row = (await (await Ready(session, ct)).AdvancedSql.QueryAsync<CountAndNet>(
            $"select jsonb_build_object('count', count(*), 'net', coalesce(sum(debit - credit), 0)) from {PostingColumns.Table} where {where}", ct, [.. args])).Single();
        return (row.Count, row.Net);
    }

    /// <summary>
    /// The net of a member's first <paramref name="skip"/> postings in the ledger's order: the balance a page opens with.
    /// Past the middle it is the statement's net less the postings after them, read from the end.
    /// </summary>
    public static async Task<long> NetBeforeAsync(IQuerySession session, Guid consortiumId, Guid memberId, string currency,
        LocalDate? asOf, Instant? knownAt, long skip, long count, long net, CancellationToken ct)
    {
        if (skip <= 0) return 0;
        if (skip >= count) return net;
        var fromEnd = skip > count - skip;
        var (where, args) = Filter(session, consortiumId, memberId, currency, asOf, knownAt);
        args.Add(fromEnd ? count - skip : skip);
        var sum = (await (await Ready(session, ct)).AdvancedSql.QueryAsync<long>(
            $"select coalesce(sum(debit - credit), 0)::bigint from (select debit, credit from {PostingColumns.Table} where {where} order by {(fromEnd ? InReverseOrder : InOrder)} limit ?) x",
            ct, [.. args])).Single();
        return fromEnd ? net - sum : sum;
    }

    /// <summary>
    /// The ids of a member's postings <paramref name="skip"/> to <paramref name="skip"/> + <paramref name="take"/> in the ledger's
    /// order (of <paramref name="count"/>); a page past the middle is read from the end, so the last page skips nothing.
    /// </summary>
    public static async Task<IReadOnlyList<string>> PageAsync(IQuerySession session, Guid consortiumId, Guid memberId, string currency,
        LocalDate? asOf, Instant? knownAt, long skip, int take, long count, CancellationToken ct)
    {
        if (skip >= count) return [];
        var fromEnd = skip > count - skip;
        var (where, args) = Filter(session, consortiumId, memberId, currency, asOf, knownAt);
        var rows = Math.Min(take, count - skip);
        args.Add(fromEnd ? count - skip - rows : skip);
        args.Add(rows);
        var ids = await (await Ready(session, ct)).AdvancedSql.QueryAsync<string>(
            $"select id from {PostingColumns.Table} where {where} order by {(fromEnd ? InReverseOrder : InOrder)} offset ? limit ?", ct, [.. args]);
        return fromEnd ? ids.Reverse().ToList() : ids;
    }

    /// <summary>Raw SQL does not create the table as Marten's own queries do: make sure it exists (once per store).</summary>
    private static async Task<IQuerySession> Ready(IQuerySession session, CancellationToken ct)
    {
        await session.Database.EnsureStorageExistsAsync(typeof(Posting), ct);
        return session;
    }

    private sealed record CountAndNet(long Count, long Net);
}
