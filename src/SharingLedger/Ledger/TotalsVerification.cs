using SharingLedger.Infrastructure.Marten;
using Marten;
using SharingLedger.Audit;

namespace SharingLedger.Ledger;

/// <summary>
/// The running totals (<see cref="PostingTotals"/>) added up again from the consortium's postings, as <c>PostingTotals.sql</c>
/// refills them, and compared row by row; a row missing on one side counts as zeros. The last business day and recorded
/// instant are not compared: they are upper bounds by design (a deletion leaves them).
/// </summary>
internal static class TotalsVerification
{
    private static readonly string[] MemberColumns = ["postings", "net", "assessed", "paid", "credits", "in_kind", "payable"];
    private static readonly string[] ItemColumns = ["original", "credited", "on_account"];

    public static async Task<DerivedCheck> MembersAsync(IQuerySession session, Guid consortiumId, CancellationToken ct)
    {
        var sql = $"""
            with c as (
              select member_id, currency, count(*) as postings, sum(debit - credit) as net,
                coalesce(sum(debit) filter (where account = '{Accounts.MemberReceivable}' and event_type not in ({Returned})), 0) as assessed,
                coalesce(sum(credit) filter (where account = '{Accounts.MemberReceivable}' and event_type = '{nameof(PaymentReceived)}'), 0)
                  - coalesce(sum(debit) filter (where account = '{Accounts.MemberReceivable}' and event_type in ({Returned})), 0) as paid,
                coalesce(sum(credit) filter (where account = '{Accounts.MemberReceivable}' and event_type not in ('{nameof(PaymentReceived)}', '{InKindType}')), 0) as credits,
                coalesce(sum(credit) filter (where account = '{Accounts.MemberReceivable}' and event_type = '{InKindType}'), 0) as in_kind,
                coalesce(sum(credit - debit) filter (where account = '{Accounts.MemberPayable}'), 0) as payable
              from {PostingColumns.Table} where tenant_id = ? and consortium_id = ? and member_id is not null group by 1, 2),
            t as (select * from {PostingTotals.MemberTable} where consortium_id = ?)
            select coalesce(c.member_id, t.member_id)::text || ' ' || coalesce(c.currency, t.currency), {Pairs(MemberColumns)}
            from c full join t on t.member_id = c.member_id and t.currency = c.currency
            """;
        return await CompareAsync(session, "member-totals", sql, [session.TenantId, consortiumId, consortiumId], MemberColumns, ct);
    }

    public static async Task<DerivedCheck> ItemsAsync(IQuerySession session, Guid consortiumId, CancellationToken ct)
    {
        var sql = $"""
            with c as (
              select member_id, currency, {PostingColumns.ItemKey} as item_key, sum(debit) as original,
                coalesce(sum(credit) filter (where item_id is not null), 0) as credited,
                coalesce(sum(credit) filter (where item_id is null), 0) as on_account
              from {PostingColumns.Table} where tenant_id = ? and consortium_id = ? and member_id is not null and account = '{Accounts.MemberReceivable}'
              group by 1, 2, 3),
            t as (select * from {PostingTotals.ItemTable} where consortium_id = ?)
            select coalesce(c.member_id, t.member_id)::text || ' ' || coalesce(c.currency, t.currency) || ' ' || coalesce(c.item_key, t.item_key), {Pairs(ItemColumns)}
            from c full join t on t.member_id = c.member_id and t.currency = c.currency and t.item_key = c.item_key
            """;
        return await CompareAsync(session, "item-totals", sql, [session.TenantId, consortiumId, consortiumId], ItemColumns, ct);
    }

    private const string Returned = PostingSql.Returned;
    private const string InKindType = nameof(InKind.InKindContributionRecorded);

    /// <summary>Each column as the pair (stored, recomputed), zeros for a row missing on one side.</summary>
    private static string Pairs(IEnumerable<string> columns) =>
        string.Join(", ", columns.Select(c => $"coalesce(t.{c}, 0)::bigint, coalesce(c.{c}, 0)::bigint"));

    private static async Task<DerivedCheck> CompareAsync(IQuerySession session, string figure, string sql, object[] args, string[] columns, CancellationToken ct)
    {
        var rows = await PlainSql.ReadAsync(session, sql + " order by 1", args, r =>
        {
            var key = r.GetString(0);
            for (var i = 0; i < columns.Length; i++)
            {
                var (stored, recomputed) = (r.GetInt64(1 + 2 * i), r.GetInt64(2 + 2 * i));
                if (stored != recomputed)
                    return (Key: key, Reason: new BreakReason("total-differs", "The running total '{0}' is stored as {1}; added up from the postings it is {2}.",
                        columns[i], $"{stored}", $"{recomputed}"));
            }
            return (Key: key, Reason: (BreakReason?)null);
        }, ct);
        var first = rows.FirstOrDefault(r => r.Reason is not null);
        return new DerivedCheck(figure, rows.Count, first.Reason is null ? null : DerivedBreak.Of(figure, first.Key, null, null, first.Reason));
    }
}
