using System.Text;
using System.Text.Json;
using Alba;
using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Loans;

/// <summary>
/// After an import, PostgreSQL's planner knows the tables as the import left them, not as autovacuum last sampled them. Measured
/// before this: a year of loans imported into a consortium whose tables had been sampled small made the async daemon's read of the
/// next events (a range of sequences beyond the sampled ones) read and sort the whole unprocessed range for every batch of 5,000, and
/// the hash chain fell minutes behind, until autovacuum happened to sample the tables again.
/// </summary>
public class ImportStatisticsTests(LedgerHost host) : LedgerTest(host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task After_an_import_the_planner_expects_the_events_it_added_beyond_what_was_sampled_before()
    {
        var (database, node) = await Host.NodeOnOwnDatabaseAsync("importstats", Ct);
        await using var _ = node;
        node.BeforeEach(c => c.Request.Headers["X-Api-Key"] = LedgerHost.OperatorKey);
        // Only what the ledger does samples these tables here: autovacuum off, so it cannot refresh them in between by chance.
        await TestDatabases.ExecuteAsync(database, string.Join(";", new[] { "mt_events", "mt_streams", "mt_doc_loan" }
            .Select(t => $"alter table ledger.{t} set (autovacuum_enabled = off)")), Ct);
        var s = await LoanScenario.WithDefaultFees(Host, new LedgerApi(node), "A", "B");

        // A first import, sampled afterwards as autovacuum would sample a small table; then twenty times as many events.
        Assert.Equal(1_200, await Import(node, s.ConsortiumId, "first", 200));
        await TestDatabases.ExecuteAsync(database, "analyze ledger.mt_events", Ct);
        var sampledThrough = (long)(await TestDatabases.ScalarAsync(database, "select max(seq_id) from ledger.mt_events", Ct))!;
        Assert.Equal(24_000, await Import(node, s.ConsortiumId, "second", 4_000));

        // The rows beyond the first import: 24,000. Sampled small, PostgreSQL estimated about 1 % of the table there (its last
        // histogram bucket); it must now expect most of them, or it plans the daemon's ordered read of them as a read of them all.
        var expected = await PlannedRows(database, $"select * from ledger.mt_events where seq_id > {sampledThrough}");
        Assert.True(expected >= 12_000, $"the planner expects {expected} events beyond sequence {sampledThrough}, where the import added 24,000");
        Assert.True(await PlannedRows(database, "select * from ledger.mt_doc_loan") >= 3_000, "the planner expects the imported loans");
    }

    /// <summary>
    /// Imports <paramref name="loans"/> loans of five lines each (request, shipped, received, returned, completed), six events each (the
    /// shipping charges the loan): the events recorded.
    /// </summary>
    private static async Task<int> Import(IAlbaHost node, Guid consortium, string batch, int loans)
    {
        var csv = new StringBuilder("borrower,requestId,action,on,lender,serviceType,serviceLevel,maxCost,dueDate,pages,note\n");
        for (var i = 0; i < loans; i++)
        {
            var (borrower, lender, id) = i % 2 == 0 ? ("A", "B", $"{batch}-{i}") : ("B", "A", $"{batch}-{i}");
            csv.Append($"{borrower},{id},request,2026-10-02,{lender},loan,normal,,,,\n")
                .Append($"{borrower},{id},shipped,2026-10-03,,,,,2026-11-20,,\n")
                .Append($"{borrower},{id},received,2026-10-05,,,,,,,\n")
                .Append($"{borrower},{id},returnShipped,2026-10-25,,,,,,,\n")
                .Append($"{borrower},{id},loanCompleted,2026-10-27,,,,,,,\n");
        }
        var result = await node.Scenario(x =>
        {
            x.Post.Text(csv.ToString()).ContentType("text/csv").ToUrl($"/consortia/{consortium}/loans/import");
            x.IgnoreStatusCode();
        });
        var body = await result.ReadAsTextAsync();
        Assert.True(result.Context.Response.StatusCode == 200, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("events").GetInt32();
    }

    /// <summary>The rows PostgreSQL's planner expects <paramref name="query"/> to return.</summary>
    private static async Task<double> PlannedRows(string database, string query)
    {
        var plan = (string)(await TestDatabases.ScalarAsync(database, $"explain (format json) {query}", Ct))!;
        return JsonDocument.Parse(plan).RootElement[0].GetProperty("Plan").GetProperty("Plan Rows").GetDouble();
    }
}
