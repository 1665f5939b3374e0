using Marten;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Npgsql;
using SharingLedger.Infrastructure.Marten;
using SharingLedger.Loans;
using SharingLedger.Loans.Rebuild;
using SharingLedger.Tests.Audit;
using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Loans;

/// <summary>
/// A month's charges as plain columns (<c>ledger.month_charges</c>, <see cref="MonthCharge"/>): the triggers on the loans' charge
/// documents keep one row per charge and bill, whoever writes the documents (the inline projection as loans are requested, charged,
/// restated and billed; a hand's update or delete; <c>rebuild-loans</c>'s bulk write), and what a month's clearing reads from them
/// is what the documents say.
/// </summary>
public class MonthChargesTests(LedgerHost host) : LedgerTest(host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private DocumentStore Store => (DocumentStore)Host.Host.Services.GetRequiredService<IDocumentStore>();

    [Fact]
    public async Task A_loans_charge_and_replacement_bill_are_rows_of_their_months_as_they_are_written_changed_and_deleted()
    {
        var s = await LoanScenario.WithDefaultFees(Host, Api, "A", "B", "C");
        var lost = await s.Request("A", "B", maxCost: "10.00", on: "2026-08-01");
        await s.Do(lost, "conditional", new { on = "2026-08-02", offeredCost = LoanScenario.Usd("12.00") });
        await s.Do(lost, "acceptCondition", new { on = "2026-08-03" });
        await s.Do(lost, "shipped", new { on = "2026-08-04", dueDate = "2026-09-04" });
        await s.Do(lost, "received", new { on = "2026-08-06" });
        await s.Do(lost, "lost", new { on = "2026-09-20" });
        await s.Do(lost, "billReplacement", new { on = "2026-10-05", replacementCost = LoanScenario.Usd("30.00") });
        var shipped = await s.Shipped("C", "A", "2026-09-01");
        var cancelled = await s.Request("B", "C", on: "2026-10-01");
        await s.Do(cancelled, "cancelled", new { on = "2026-10-02" });
        var consortium = s.ConsortiumId;

        // Stated from the scenario: the accepted 12.00 above the borrower's maximum of 10.00, shipped in August; the other loan's 15.00
        // a loan, shipped in September; the 30.00 bill in October for the item noticed lost on 20 September; nothing for the cancelled loan.
        var charge = Assert.Single(await Charges(consortium, "2026-08"));
        Assert.Equal((MonthCharge.Lending, lost, "12.00", "10.00", true, 1), (charge.Kind, charge.LoanId, charge.Amount.ToDecimalString(),
            charge.MaxCost?.ToDecimalString(), charge.ConditionAccepted, charge.AgreementVersion));
        Assert.Equal(("USD", new LocalDate(2026, 8, 4), null), (charge.Amount.Currency, charge.On, charge.LostOn));
        var september = Assert.Single(await Charges(consortium, "2026-09"));
        Assert.Equal((MonthCharge.Lending, shipped, "15.00", new LocalDate(2026, 9, 1)), (september.Kind, september.LoanId, september.Amount.ToDecimalString(), september.On));
        var bill = Assert.Single(await Charges(consortium, "2026-10"));
        Assert.Equal((MonthCharge.Replacement, lost, "30.00", new LocalDate(2026, 10, 5), new LocalDate(2026, 9, 20)),
            (bill.Kind, bill.LoanId, bill.Amount.ToDecimalString(), bill.On, bill.LostOn));
        Assert.Equal((null, null, false, null), (bill.Basis, bill.MaxCost, bill.ConditionAccepted, bill.AgreementVersion));
        Assert.DoesNotContain(await AllRows(consortium), r => r.LoanId == cancelled);
        await SameAsDocuments(consortium);

        // The charge taken out of the lost loan's document by hand: its August row goes, its October bill stays.
        Assert.Equal(1, await Host.Sql("update ledger.mt_doc_chargedloan set data = data - 'charge' where id = $1", lost));
        Assert.Empty(await Charges(consortium, "2026-08"));
        Assert.Equal([bill], await Charges(consortium, "2026-10"));
        await SameAsDocuments(consortium);

        // The other loan's document deleted: its row goes with it.
        Assert.Equal(1, await Host.Sql("delete from ledger.mt_doc_chargedloan where id = $1", shipped));
        Assert.Empty(await Charges(consortium, "2026-09"));

        // A row added by hand for a loan that does not exist, which no document's trigger would ever take away.
        Assert.Equal(1, await Host.Sql("insert into ledger.month_charges select tenant_id, month, kind, gen_random_uuid(), request_id, borrower_id, lender_id, " +
            "on_date, recorded_at, amount, currency, max_cost, max_cost_currency, condition_accepted, agreement_version, basis, lost_on, adjusts_month " +
            "from ledger.month_charges where loan_id = $1", lost));
        Assert.Equal(2, (await Charges(consortium, "2026-10")).Count);

        // rebuild-loans deletes and rewrites the consortium's documents in bulk: every row is back as it was, and only those.
        var output = new StringWriter();
        Assert.True((await RebuildLoansCommand.RunAsync(Store, consortium, output, Ct)).Succeeded, output.ToString());
        Assert.Equal([charge], await Charges(consortium, "2026-08"));
        Assert.Equal([september], await Charges(consortium, "2026-09"));
        Assert.Equal([bill], await Charges(consortium, "2026-10"));
        await SameAsDocuments(consortium);
    }

    [Fact]
    public async Task Restated_charges_replace_their_rows_and_another_consortiums_session_reads_none()
    {
        var (consortium, loans) = await LoanRebuildTests.Restated(Api);
        var rows = await AllRows(consortium);
        // Three charges, each restated from 15.00 to 18.00 under version 2 (RestatementScenario): one row each, none left at 15.00.
        Assert.Equal(loans.Order(), rows.Select(r => r.LoanId).Order());
        Assert.All(rows, r => Assert.Equal(("18.00", MonthCharge.Lending, 2), (r.Amount.ToDecimalString(), r.Kind, r.AgreementVersion)));
        await SameAsDocuments(consortium);

        // Another consortium's session asked for this consortium's charges reads nothing: not this consortium's rows (its months), and not
        // its own rows either (August and September, where it has charges of its own, which it does read when asked for itself).
        var (other, _) = await LoanRebuildTests.Lifecycle(Host, Api);
        await using var session = Store.QueryFor(other);
        Assert.NotEmpty(await MonthCharge.InAsync(session, other, "2026-08", Ct));
        foreach (var month in rows.Select(r => r.Month).Append("2026-08").Append("2026-09").Distinct())
            Assert.Empty(await MonthCharge.InAsync(session, consortium, month, Ct));
    }

    /// <summary>
    /// The table's rows of the consortium, every month, equal to the rows <see cref="MonthCharge.Of"/> gives from its charge documents as
    /// Marten reads them; the recorded instant within the half microsecond the table rounds it to.
    /// </summary>
    private async Task SameAsDocuments(Guid consortium)
    {
        await using var session = Store.QueryFor(consortium);
        var expected = (await session.Query<ChargedLoan>().ToListAsync(Ct)).SelectMany(MonthCharge.Of).ToDictionary(c => (c.Kind, c.LoanId));
        Assert.NotEmpty(expected);
        var rows = await AllRows(consortium);
        Assert.Equal(expected.Keys.Order(), rows.Select(r => (r.Kind, r.LoanId)).Order());
        foreach (var row in rows)
        {
            var document = expected[(row.Kind, row.LoanId)];
            Assert.Equal(document with { RecordedAt = default }, row with { RecordedAt = default });
            Assert.InRange((row.RecordedAt - document.RecordedAt).TotalNanoseconds, -500, 500);
        }
    }

    private async Task<List<MonthCharge>> AllRows(Guid consortium)
    {
        var months = new List<string>();
        await using (var conn = new NpgsqlConnection(Host.ConnectionString))
        {
            await conn.OpenAsync(Ct);
            await using var cmd = new NpgsqlCommand("select distinct month from ledger.month_charges where tenant_id = $1", conn);
            cmd.Parameters.AddWithValue(ConsortiumTenancy.TenantOf(consortium));
            await using var reader = await cmd.ExecuteReaderAsync(Ct);
            while (await reader.ReadAsync(Ct)) months.Add(reader.GetString(0));
        }
        var rows = new List<MonthCharge>();
        foreach (var month in months) rows.AddRange(await Charges(consortium, month));
        return rows;
    }

    private async Task<List<MonthCharge>> Charges(Guid consortium, string month)
    {
        await using var session = Store.QueryFor(consortium);
        return await MonthCharge.InAsync(session, consortium, month, Ct);
    }
}
