using Marten;
using NodaTime;
using SharingLedger.Infrastructure.Marten;
using SharingLedger.Kernel.Money;

namespace SharingLedger.Loans.Statistics;

/// <summary>
/// The loans the statistics of a period count, read from the loans' plain columns (<see cref="LoanFactsTable"/>): those requested in
/// the period or charged in one of its months. A fiscal year at national size is some 160,000 loans; their snapshots' JSON, with
/// every step of each loan's history, was most of what the statistics took (docs/decisions.md, "The ILL statistics read plain columns").
/// </summary>
public static class IllLoans
{
    /// <summary>The period's loans of the consortium, or only those <paramref name="memberId"/> borrowed or lent.</summary>
    public static async Task<IReadOnlyList<IllLoan>> InAsync(IQuerySession session, DateInterval period, IReadOnlyList<string> months, Guid? memberId,
        CancellationToken ct)
    {
        await session.Database.EnsureStorageExistsAsync(typeof(LoanFactsFeature), ct);
        List<object> args = [session.TenantId, period.Start, period.End, months.ToArray()];
        if (memberId is { } id) args.AddRange([id, id]);
        return await PlainSql.ReadAsync(session, $"""
            select borrower_id, lender_id, requested_on, supplied_on, charge_month, billed_amount::text, billed_currency from {LoanFactsTable.Table}
            where tenant_id = ? and (requested_on between ? and ? or charge_month = any(?)){(memberId is null ? "" : " and (borrower_id = ? or lender_id = ?)")}
            """, args,
            r => new IllLoan(r.GetGuid(0), r.GetGuid(1), r.GetFieldValue<LocalDate>(2), r.IsDBNull(3) ? null : r.GetFieldValue<LocalDate>(3),
                r.IsDBNull(4) ? null : r.GetString(4), r.IsDBNull(5) || r.IsDBNull(6) ? null : Money.Parse(r.GetString(5), r.GetString(6))), ct);
    }
}
