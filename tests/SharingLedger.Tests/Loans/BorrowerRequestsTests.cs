using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SharingLedger.Infrastructure.Marten;
using SharingLedger.Loans;
using SharingLedger.Loans.Rebuild;
using SharingLedger.Tests.Audit;
using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Loans;

/// <summary>
/// A borrower's requests counted by month (<c>ledger.borrower_requests</c>, <see cref="BorrowerRequests"/>): the triggers on the loans'
/// snapshots keep the count of requests that take a place of the borrower's quota, whoever writes the snapshots, and a request is
/// refused or accepted on that count.
/// </summary>
public class BorrowerRequestsTests(LedgerHost host) : LedgerTest(host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private DocumentStore Store => (DocumentStore)Host.Host.Services.GetRequiredService<IDocumentStore>();

    [Fact]
    public async Task A_borrowers_requests_are_counted_as_they_are_made_cancelled_unfilled_deleted_and_rebuilt()
    {
        var s = await LoanScenario.Create(Host, Api, _ =>
        {
            var fees = LoanScenario.DefaultFees();
            fees["borrowingQuota"] = 3;
            return fees;
        }, "A", "B", "C");
        var march1 = await s.Request("A", "B", on: "2026-03-05");
        var march2 = await s.Request("A", "C", on: "2026-03-06");
        var april = await s.Request("A", "B", on: "2026-04-01");
        await s.Request("B", "C", on: "2026-03-10");
        Assert.Equal(new Dictionary<string, long> { ["A 2026-03"] = 2, ["A 2026-04"] = 1, ["B 2026-03"] = 1 }, await Counted(s));

        // The year's quota of 3 is taken: a fourth request of A is refused, and nothing is counted for it.
        Assert.Equal(422, (await s.Requesting("A", "C", on: "2026-05-01")).Status);
        // A request cancelled, and one the lender could not fill, give their places back: two more requests are accepted.
        await s.Do(march2, "cancelled", new { on = "2026-03-07" });
        var may = await s.Request("A", "C", on: "2026-05-01");
        await s.Do(april, "unfilled", new { on = "2026-04-02" });
        await s.Request("A", "C", on: "2026-05-02");
        Assert.Equal(422, (await s.Requesting("A", "B", on: "2026-06-01")).Status);
        var counted = new Dictionary<string, long> { ["A 2026-03"] = 1, ["A 2026-05"] = 2, ["B 2026-03"] = 1 };
        Assert.Equal(counted, await Counted(s));
        await SameAsLoans(s);

        // By hand: a snapshot deleted, another set to cancelled; each takes its request off its month.
        Assert.Equal(1, await Host.Sql("delete from ledger.mt_doc_loan where id = $1", march1));
        Assert.Equal(1, await Host.Sql("update ledger.mt_doc_loan set data = jsonb_set(data, '{state}', to_jsonb($2::text)) where id = $1", may,
            LoanState.Cancelled.ToString()));
        Assert.Equal(new Dictionary<string, long> { ["A 2026-05"] = 1, ["B 2026-03"] = 1 }, await Counted(s));
        // A write to a request that does not count (the cancelled one) leaves every count as it was.
        Assert.Equal(1, await Host.Sql("update ledger.mt_doc_loan set data = jsonb_set(data, '{title}', '\"changed by hand\"') where id = $1", march2));
        Assert.Equal(new Dictionary<string, long> { ["A 2026-05"] = 1, ["B 2026-03"] = 1 }, await Counted(s));
        await SameAsLoans(s);

        // A count changed by hand, which the triggers' deltas alone would carry on.
        Assert.Equal(1, await Host.Sql("update ledger.borrower_requests set counted = counted + 5 where tenant_id = $1 and borrower_id = $2 and month = '2026-03'",
            s.ConsortiumId.ToString(), s.Members["B"]));
        // rebuild-loans deletes and rewrites the snapshots in bulk from the events: the counts are what the events say again.
        var output = new StringWriter();
        Assert.True((await RebuildLoansCommand.RunAsync(Store, s.ConsortiumId, output, Ct)).Succeeded, output.ToString());
        Assert.Equal(counted, await Counted(s));
        await SameAsLoans(s);
    }

    /// <summary>The table's rows of the consortium that count something, as "member month" and count.</summary>
    private async Task<Dictionary<string, long>> Counted(LoanScenario s)
    {
        var codes = s.Members.ToDictionary(m => m.Value, m => m.Key);
        var rows = new Dictionary<string, long>();
        await using var conn = new NpgsqlConnection(Host.ConnectionString);
        await conn.OpenAsync(Ct);
        await using var cmd = new NpgsqlCommand("select borrower_id, month, counted from ledger.borrower_requests where tenant_id = $1 and counted <> 0", conn);
        cmd.Parameters.AddWithValue(ConsortiumTenancy.TenantOf(s.ConsortiumId));
        await using var reader = await cmd.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct)) rows.Add($"{codes[reader.GetGuid(0)]} {reader.GetString(1)}", reader.GetInt64(2));
        return rows;
    }

    /// <summary>The counts equal to the consortium's loan snapshots, as Marten reads them, that count towards the quota, by borrower and month.</summary>
    private async Task SameAsLoans(LoanScenario s)
    {
        var codes = s.Members.ToDictionary(m => m.Value, m => m.Key);
        await using var session = Store.QueryFor(s.ConsortiumId);
        var loans = await session.Query<Loan>().ToListAsync(Ct);
        var expected = loans.Where(LendingFigures.CountsTowardQuota).GroupBy(l => $"{codes[l.BorrowerId]} {l.RequestedMonth}")
            .ToDictionary(g => g.Key, g => (long)g.Count());
        Assert.Equal(expected, await Counted(s));
    }
}
