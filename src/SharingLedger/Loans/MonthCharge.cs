using System.Data.Common;
using Marten;
using NodaTime;
using SharingLedger.Infrastructure.Marten;
using SharingLedger.Kernel.Money;

namespace SharingLedger.Loans;

/// <summary>
/// One charge a month's clearing nets: a loan's lending charge (<see cref="Lending"/>) or the replacement bill of a lost item
/// (<see cref="Replacement"/>), in the <see cref="Month"/> it is cleared in. Stored as a row of plain columns in
/// <c>ledger.month_charges</c>, which triggers keep from the loan's <see cref="ChargedLoan"/> document (<c>MonthCharges.sql</c>),
/// so that a month at a year's traffic is 12,000 narrow rows read by one index range and no JSON (docs/decisions.md, "A month's
/// charges as plain columns"). <see cref="Of"/> gives the same rows from a loan folded in memory (a restatement re-prices loans).
/// </summary>
/// <param name="RecordedAt">When the charge was recorded: the clearing's order after the date. Read from the table it is to the microsecond
/// (PostgreSQL's precision), so two charges of one day recorded within the same microsecond are ordered by loan id there.</param>
/// <param name="Amount">The lending charge, or the replacement cost.</param>
/// <param name="Basis">How a lending charge was priced; none for a replacement bill.</param>
/// <param name="LostOn">The day a replacement bill's item was noticed lost.</param>
public sealed record MonthCharge(
    string Kind,
    Guid LoanId,
    string RequestId,
    string Month,
    Guid BorrowerId,
    Guid LenderId,
    LocalDate On,
    Instant RecordedAt,
    Money Amount,
    Money? MaxCost,
    bool ConditionAccepted,
    int? AgreementVersion,
    string? Basis,
    LocalDate? LostOn,
    string? AdjustsMonth)
{
    public const string Lending = "lending";
    public const string Replacement = "replacement";

    public const string Table = MartenSetup.Schema + ".month_charges";

    /// <summary>A loan's charges as the table holds them: its lending charge and its replacement bill, each when it has one.</summary>
    public static IEnumerable<MonthCharge> Of(ChargedLoan loan)
    {
        if (loan.Charge is { } c)
            yield return new(Lending, loan.Id, loan.RequestId, c.Month, c.BorrowerId, c.LenderId, c.On, c.RecordedAt, c.Charge, c.MaxCost,
                c.ConditionAccepted, c.AgreementVersion, c.Basis, null, c.AdjustsMonth);
        if (loan.Replacement is { } r)
            yield return new(Replacement, loan.Id, loan.RequestId, r.Month, r.BorrowerId, r.LenderId, r.On, r.RecordedAt, r.ReplacementCost,
                null, false, null, null, r.LostOn, r.AdjustsMonth);
    }

    /// <summary>The consortium's charges cleared in <paramref name="month"/> (yyyy-MM): one index range of the table.</summary>
    public static async Task<List<MonthCharge>> InAsync(IQuerySession session, Guid consortiumId, string month, CancellationToken ct)
    {
        if (session.ConsortiumInScope(consortiumId) == Guid.Empty) return [];
        // Where the schema is created on demand: the documents, their one-off fill for loans recorded before them, then this table
        // with its triggers (db-apply does all three in Production).
        await session.Database.EnsureStorageExistsAsync(typeof(ChargedLoan), ct);
        await session.Database.EnsureStorageExistsAsync(typeof(ChargedLoanBackfill), ct);
        await session.Database.EnsureStorageExistsAsync(typeof(MonthChargesFeature), ct);
        return await PlainSql.ReadAsync(session, $"""
            select kind, loan_id, request_id, month, borrower_id, lender_id, on_date, recorded_at, amount::text, currency, max_cost::text,
                   max_cost_currency, condition_accepted, agreement_version, basis, lost_on, adjusts_month
            from {Table} where tenant_id = ? and month = ?
            """, [session.TenantId, month], Read, ct);
    }

    private static MonthCharge Read(DbDataReader r) => new(
        r.GetString(0), r.GetGuid(1), r.GetString(2), r.GetString(3), r.GetGuid(4), r.GetGuid(5), r.GetFieldValue<LocalDate>(6),
        r.GetFieldValue<Instant>(7), Money.Parse(r.GetString(8), r.GetString(9)),
        r.IsDBNull(10) ? null : Money.Parse(r.GetString(10), r.GetString(11)), r.GetBoolean(12), r.IsDBNull(13) ? null : r.GetInt32(13),
        r.IsDBNull(14) ? null : r.GetString(14), r.IsDBNull(15) ? null : r.GetFieldValue<LocalDate>(15), r.IsDBNull(16) ? null : r.GetString(16));
}
