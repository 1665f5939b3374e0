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
        return new DerivedCheck("borrower-requests", rows.Count, first.Key is null ? null : new DerivedBreak("borrower-requests", first.Key, null, null,
            $"{first.Stored} requests counted towards the quota are stored; the loans' snapshots count {first.Counted}."));
    }

    /// <summary>Every charge and bill, the stored row against the one the charge documents give (<c>month_charge_rows</c>, as the triggers write it).</summary>
    private static async Task<DerivedCheck> ChargesAsync(IQuerySession session, CancellationToken ct)
    {
        var rows = await PlainSql.ReadAsync(session, $"""
            with c as (
              select f.* from {MartenSetup.Schema}.mt_doc_chargedloan d cross join lateral {MartenSetup.Schema}.month_charge_rows(d.tenant_id, d.id, d.data) f
              where d.tenant_id = ?),
            t as (select * from {MonthCharge.Table} where tenant_id = ?)
            select coalesce(c.month, t.month) || ' ' || coalesce(c.kind, t.kind) || ' ' || coalesce(c.loan_id, t.loan_id)::text,
                   t.loan_id is null, c.loan_id is null, row(t.*)::text is not distinct from row(c.*)::text
            from c full join t on t.month = c.month and t.kind = c.kind and t.loan_id = c.loan_id order by 1
            """, [session.TenantId, session.TenantId],
            r => (Key: r.GetString(0), Missing: r.GetBoolean(1), Extra: r.GetBoolean(2), Same: r.GetBoolean(3)), ct);
        var first = rows.FirstOrDefault(r => !r.Same);
        var reason = first.Missing ? "The loan's charge is missing from the month's charges."
            : first.Extra ? "A month's charge is stored that no loan's charge document gives."
            : "The month's charge differs from the loan's charge document.";
        return new DerivedCheck("month-charges", rows.Count, first.Key is null ? null : new DerivedBreak("month-charges", first.Key, null, null, reason));
    }

    /// <summary>Every loan, its stored facts against those its snapshot gives (<c>loan_fact_row</c>, as the triggers write them).</summary>
    private static async Task<DerivedCheck> FactsAsync(IQuerySession session, CancellationToken ct)
    {
        var rows = await PlainSql.ReadAsync(session, $"""
            with c as (
              select f.* from {MartenSetup.Schema}.mt_doc_loan d cross join lateral {MartenSetup.Schema}.loan_fact_row(d.tenant_id, d.id, d.data) f
              where d.tenant_id = ?),
            t as (select * from {LoanFactsTable.Table} where tenant_id = ?)
            select coalesce(c.id, t.id)::text, t.id is null, c.id is null, row(t.*)::text is not distinct from row(c.*)::text
            from c full join t on t.id = c.id order by 1
            """, [session.TenantId, session.TenantId],
            r => (Key: r.GetString(0), Missing: r.GetBoolean(1), Extra: r.GetBoolean(2), Same: r.GetBoolean(3)), ct);
        var first = rows.FirstOrDefault(r => !r.Same);
        var reason = first.Missing ? "The loan's lending facts are missing."
            : first.Extra ? "Lending facts are stored for no loan."
            : "The loan's stored lending facts differ from its snapshot.";
        return new DerivedCheck("loan-facts", rows.Count, first.Key is null ? null : new DerivedBreak("loan-facts", first.Key, null, null, reason));
    }
}
