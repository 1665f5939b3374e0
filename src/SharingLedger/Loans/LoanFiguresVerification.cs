using Marten;
using SharingLedger.Audit;
using SharingLedger.Infrastructure.Marten;

namespace SharingLedger.Loans;

/// <summary>
/// The audit's check of the Loans slice's derived tables (<see cref="IDerivedFiguresCheck"/>), each recomputed in SQL from what it
/// is kept from and compared row by row, naming the first row (in key order) that differs: a borrower's counted requests by
/// month (<see cref="BorrowerRequests"/>) against the loans' snapshots, and a month's charges (<see cref="MonthCharge"/>)
/// against the loans' <see cref="ChargedLoan"/> documents, and each loan's lending facts (<see cref="LoanFactsTable"/>) against its snapshot.
/// </summary>
public sealed class LoanFiguresVerification : IDerivedFiguresCheck
{
    public async Task<IReadOnlyList<DerivedCheck>> CheckAsync(IQuerySession session, Guid consortiumId, CancellationToken ct)
    {
        if (session.ConsortiumInScope(consortiumId) == Guid.Empty) return [];
        await session.Database.EnsureStorageExistsAsync(typeof(BorrowerRequestsFeature), ct);
        await session.Database.EnsureStorageExistsAsync(typeof(MonthChargesFeature), ct);
        await session.Database.EnsureStorageExistsAsync(typeof(LoanFactsFeature), ct);
        return [await RequestsAsync(session, ct), await ChargesAsync(session, ct), await FactsAsync(session, ct)];
    }

    /// <summary>Every borrower and month with requests that count (or a stored count that is not zero), the stored count against the snapshots'.</summary>
    private static async Task<DerivedCheck> RequestsAsync(IQuerySession session, CancellationToken ct)
    {
        var notCounting = LendingFigures.NotCountingTowardQuota.Select(s => s.ToString()).ToArray();
        var rows = await PlainSql.ReadAsync(session, $"""
            with c as (
              select borrower_id, requested_month as month, count(*) as counted from {MartenSetup.Schema}.mt_doc_loan
              where tenant_id = ? and borrower_id is not null and coalesce(data->>'state', '') <> all(?) group by 1, 2),
            t as (select borrower_id, month, counted from {BorrowerRequests.Table} where tenant_id = ? and counted <> 0)
            select coalesce(c.borrower_id, t.borrower_id)::text || ' ' || coalesce(c.month, t.month), coalesce(t.counted, 0), coalesce(c.counted, 0)
            from c full join t on t.borrower_id = c.borrower_id and t.month = c.month order by 1
            """, [session.TenantId, notCounting, session.TenantId],
            r => (Key: r.GetString(0), Stored: r.GetInt64(1), Counted: r.GetInt64(2)), ct);
        var first = rows.FirstOrDefault(r => r.Stored != r.Counted);
        return new DerivedCheck("borrower-requests", rows.Count, first.Key is null ? null : DerivedBreak.Of("borrower-requests", first.Key, null, null,
            new BreakReason("requests-count-differs", "{0} requests counted towards the quota are stored; the loans' snapshots count {1}.", $"{first.Stored}", $"{first.Counted}")));
    }

    /// <summary>Every charge and bill, the stored row against the one the charge documents give (<c>month_charge_rows</c>, as the triggers write it).</summary>
    private static Task<DerivedCheck> ChargesAsync(IQuerySession session, CancellationToken ct) =>
        DerivedRowsAsync(session, "month-charges", "mt_doc_chargedloan", "month_charge_rows", MonthCharge.Table, ["month", "kind", "loan_id"],
            new("row-missing", "The loan's charge is missing from the month's charges."), new("row-without-source", "A month's charge is stored that no loan's charge document gives."),
            new("row-differs", "The month's charge differs from the loan's charge document."), ct);

    /// <summary>Every loan, its stored facts against those its snapshot gives (<c>loan_fact_row</c>, as the triggers write them).</summary>
    private static Task<DerivedCheck> FactsAsync(IQuerySession session, CancellationToken ct) =>
        DerivedRowsAsync(session, "loan-facts", "mt_doc_loan", "loan_fact_row", LoanFactsTable.Table, ["id"],
            new("row-missing", "The loan's lending facts are missing."), new("row-without-source", "Lending facts are stored for no loan."),
            new("row-differs", "The loan's stored lending facts differ from its snapshot."), ct);

    /// <summary>
    /// A table of rows derived one document at a time (<see cref="DerivedRowsSchema"/>) against the rows its function gives from the
    /// documents, joined on <paramref name="key"/> (named by its columns, in this order), naming the first row that differs.
    /// </summary>
    private static async Task<DerivedCheck> DerivedRowsAsync(IQuerySession session, string figure, string documents, string rowFunction, string table,
        string[] key, BreakReason missing, BreakReason extra, BreakReason differs, CancellationToken ct)
    {
        var name = string.Join(" || ' ' || ", key.Select(k => $"coalesce(c.{k}, t.{k})::text"));
        var join = string.Join(" and ", key.Select(k => $"t.{k} = c.{k}"));
        var rows = await PlainSql.ReadAsync(session, $"""
            with c as (
              select f.* from {MartenSetup.Schema}.{documents} d cross join lateral {MartenSetup.Schema}.{rowFunction}(d.tenant_id, d.id, d.data) f
              where d.tenant_id = ?),
            t as (select * from {table} where tenant_id = ?)
            select {name}, t.{key[0]} is null, c.{key[0]} is null, row(t.*) is not distinct from row(c.*)
            from c full join t on {join} order by 1
            """, [session.TenantId, session.TenantId],
            r => (Key: r.GetString(0), Missing: r.GetBoolean(1), Extra: r.GetBoolean(2), Same: r.GetBoolean(3)), ct);
        var first = rows.FirstOrDefault(r => !r.Same);
        var reason = first.Missing ? missing : first.Extra ? extra : differs;
        return new DerivedCheck(figure, rows.Count, first.Key is null ? null : DerivedBreak.Of(figure, first.Key, null, null, reason));
    }
}
