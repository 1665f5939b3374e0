using System.Text.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SharingLedger.Infrastructure.Marten;
using SharingLedger.Ledger;
using SharingLedger.Ledger.Rebuild;
using SharingLedger.Tests.Audit;
using SharingLedger.Tests.Loans;
using SharingLedger.Tests.Restatements;
using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Ledger;

/// <summary>
/// <c>rebuild-postings</c> (<see cref="RebuildPostingsCommand.RunAsync"/>, what the command calls; <see cref="PostingRebuild"/>): the
/// postings rebuilt outside the daemon are stored exactly as they were written inline, with the running totals and the answers read
/// from them, one consortium at a time when asked; a payment recorded while they are rebuilt is counted once. Runs alone: the last
/// test rebuilds every consortium of the database.
/// </summary>
[Collection("alone")]
public class PostingRebuildTests(LedgerHost host) : LedgerTest(host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private DocumentStore Store => (DocumentStore)Host.Host.Services.GetRequiredService<IDocumentStore>();

    [Fact]
    public async Task Postings_and_totals_deleted_or_altered_are_written_again_as_they_were_written_one_consortium_at_a_time()
    {
        var (c1, a1, _) = await Books();
        var (c2, _) = await RandomLedger.AccountsAsync(Api, 11, steps: 10);
        var (written1, written2) = (await Rows(c1), await Rows(c2));
        var statement1 = await Read($"/consortia/{c1}/members/{a1}/statement");
        var balances1 = await Read($"/consortia/{c1}/balances?asOf=2026-10-31"); // takes October's month-end snapshot
        var balances2 = await Read($"/consortia/{c2}/balances?asOf=2027-12-31");

        // Consortium 1 loses a posting (its totals follow, by the row trigger) and has a totals row altered by hand; consortium 2 has a
        // posting's amount altered in its document and its column, and a posting no event makes added (a copy under another id).
        var lost = await Text($"select id from {PostingColumns.Table} where consortium_id = $1 and account = 'member-receivable' order by id limit 1", c1);
        Assert.Equal(1, await Host.Sql($"delete from {PostingColumns.Table} where id = $1", lost));
        Assert.Equal(1, await Host.Sql($"update {PostingTotals.MemberTable} set net = net + 1 where consortium_id = $1 and member_id = $2", c1, a1));
        var altered = await Text($"select id from {PostingColumns.Table} where consortium_id = $1 and debit > 0 order by id limit 1", c2);
        Assert.Equal(1, await Host.Sql(
            $"update {PostingColumns.Table} set debit = debit + 100, data = jsonb_set(data, '{{debit}}', to_jsonb(debit + 100)) where id = $1", altered));
        Assert.Equal(1, await Host.Sql($$"""
            insert into {{PostingColumns.Table}} (tenant_id, id, data, mt_last_modified, mt_version, mt_dotnet_type, account, currency, debit, credit,
              item_id, event_type, event_id, line, business_day, recorded_ticks, item_key, consortium_id, member_id)
            select tenant_id, id || '/copied', (jsonb_set(data, '{id}', to_jsonb(id || '/copied'))), mt_last_modified,
              mt_version, mt_dotnet_type, account, currency, debit, credit, item_id, event_type, event_id, line, business_day, recorded_ticks, item_key,
              consortium_id, member_id
            from {{PostingColumns.Table}} where id = $1
            """, altered));
        Assert.NotEqual(written1, await Rows(c1));
        Assert.NotEqual(written2, await Rows(c2));
        Assert.False(await Intact(c1));

        var output = new StringWriter();
        var outcome = await RebuildPostingsCommand.RunAsync(Store, c1, output, Ct);

        Assert.True(outcome.Succeeded, output.ToString());
        var rebuilt = Assert.Single(outcome.Databases).Rebuilt!;
        // By hand: dues (A, C, the fund: 3), the invoice (vendor payable, fund: 2), its apportionment (A, C, fund: 3), two payments (2 each).
        Assert.Equal((12L, 1), (rebuilt.Postings, rebuilt.Consortia));
        Assert.Equal((1L, 0L, 0L), (rebuilt.Added, rebuilt.Corrected, rebuilt.Removed));
        Assert.Contains("12 postings of 1 consortia rebuilt", output.ToString());
        Assert.Equal(written1, await Rows(c1));
        Assert.NotEqual(written2, await Rows(c2)); // not asked for: left as it was
        Assert.Equal(statement1, await Read($"/consortia/{c1}/members/{a1}/statement"));
        Assert.Equal(balances1, await Read($"/consortia/{c1}/balances?asOf=2026-10-31"));
        Assert.True(await Intact(c1));
        // The payment recorded while October was closed is still an adjustment in November; the one after the reopening in October.
        var lines = JsonDocument.Parse(statement1).RootElement.GetProperty("lines").EnumerateArray().ToList();
        Assert.Equal("2026-10", lines.Single(l => l.GetProperty("memo").GetString()!.Contains("WHILE-CLOSED")).GetProperty("adjustsPeriod").GetString());

        var second = await RebuildPostingsCommand.RunAsync(Store, c2, output, Ct);
        Assert.True(second.Succeeded, output.ToString());
        var repaired = Assert.Single(second.Databases).Rebuilt!;
        Assert.Equal((0L, 1L, 1L), (repaired.Added, repaired.Corrected, repaired.Removed));
        Assert.Contains("(0 added, 1 corrected, 1 removed)", output.ToString());
        Assert.Equal(written2, await Rows(c2));
        Assert.Equal(balances2, await Read($"/consortia/{c2}/balances?asOf=2027-12-31"));
        Assert.True(await Intact(c2));
    }

    /// <summary>
    /// Payments recorded through the API while their consortium's postings are rebuilt again and again (A's and C's, one after another
    /// for each, the two side by side): each waits for a rebuild's commit or is seen by it, and every payment ends counted once.
    /// </summary>
    [Fact]
    public async Task A_payment_recorded_while_the_postings_are_rebuilt_is_counted_once()
    {
        var (c, a, other) = await Books();
        var database = await Store.Storage.FindOrCreateDatabase(ConsortiumTenancy.TenantOf(c));

        var writes = Task.WhenAll(new[] { a, other }.Select(async member =>
        {
            for (var i = 1; i <= 4; i++)
                await Api.Ok(ClosedPeriodPostingTests.Pay(Api, c, member, "10.00", $"DURING-{member:N}-{i}", "2026-06-01"), 201);
        }));
        var rebuilds = 0;
        while (!writes.IsCompleted || rebuilds < 3)
        {
            await PostingRebuild.RebuildAsync(Store, database, [ConsortiumTenancy.TenantOf(c)], Ct);
            rebuilds++;
        }
        await writes;

        // Two postings a payment (bank, receivable): the two of the books and the eight recorded during the rebuilds.
        Assert.Equal("20", await Text($"select count(*)::text from {PostingColumns.Table} where consortium_id = $1 and event_type = 'PaymentReceived'", c));
        // A: dues 500.00 and half the database 150.00, less 100.00, 50.00 and 4 × 10.00; C: 500.00 and 150.00 less 4 × 10.00.
        Assert.Equal("460.00", await Balance(c, a));
        Assert.Equal("610.00", await Balance(c, other));
        Assert.True(await Intact(c));
    }

    /// <summary>
    /// A month settled and then a restatement (each posting in the transaction that also marks every answer of the consortium out of
    /// date, the restatement charging loans again) recorded while the consortium's postings are rebuilt again and again: both are
    /// recorded, no rebuild fails, and every posting and total is what the events make.
    /// </summary>
    [Fact]
    public async Task A_settled_month_and_a_restatement_recorded_while_the_postings_are_rebuilt_are_recorded_and_the_postings_intact()
    {
        var s = await RestatementScenario.Create(Api);
        object equal = new { method = "equal" };
        await Api.Ok(s.Adopt(1, "2025-01-01", "90000.00", equal, equal, lending: RestatementScenario.Lending("15.00", "0.26")), 201);
        await s.SubscribeAndInvoice("3000.00");
        for (var i = 0; i < 6; i++) await s.Ship(i % 2 == 0 ? "B" : "C", "A", $"2026-03-{10 + i}");
        await Api.Ok(s.Adopt(2, "2026-01-01", "96000.00", equal, equal, retroactive: true, lending: RestatementScenario.Lending("18.00", "0.50")), 201);
        var database = await Store.Storage.FindOrCreateDatabase(ConsortiumTenancy.TenantOf(s.ConsortiumId));

        var writes = Task.Run(async () =>
        {
            var settled = await Api.Post($"/consortia/{s.ConsortiumId}/clearing/2026-03/settlement", new { });
            return (settled.Status, (await s.Restate(2)).Status);
        });
        var rebuilds = 0;
        while (!writes.IsCompleted || rebuilds < 3)
        {
            await PostingRebuild.RebuildAsync(Store, database, [ConsortiumTenancy.TenantOf(s.ConsortiumId)], Ct);
            rebuilds++;
        }
        Assert.Equal((201, 200), await writes);
        Assert.True(await Intact(s.ConsortiumId));
        // What the rebuild left is what one more rebuild makes: nothing to add, correct or remove.
        var again = await PostingRebuild.RebuildAsync(Store, database, [ConsortiumTenancy.TenantOf(s.ConsortiumId)], Ct);
        Assert.Equal((0L, 0L, 0L), (again.Added, again.Corrected, again.Removed));
    }

    /// <summary>Without a consortium, every consortium of the database is rebuilt, each as it was written.</summary>
    [Fact]
    public async Task Every_consortium_of_the_database_is_rebuilt_when_none_is_named()
    {
        var (c1, _, _) = await Books();
        var (c2, _) = await RandomLedger.AccountsAsync(Api, 12, steps: 6);
        var (written1, written2) = (await Rows(c1), await Rows(c2));
        Assert.True(await Host.Sql($"delete from {PostingColumns.Table} where consortium_id = $1", c2) > 0);

        var output = new StringWriter();
        var outcome = await RebuildPostingsCommand.RunAsync(Store, null, output, Ct);

        Assert.True(outcome.Succeeded, output.ToString());
        Assert.True(Assert.Single(outcome.Databases).Rebuilt!.Consortia >= 2);
        Assert.Equal(written1, await Rows(c1));
        Assert.Equal(written2, await Rows(c2));
    }

    /// <summary>
    /// A and C of a USD consortium: 2026 dues of 500.00 each, a 300.00 database invoiced by Springer and apportioned equally, October
    /// closed, a payment recorded while it was closed, October reopened, a payment recorded after.
    /// </summary>
    private async Task<(Guid C, Guid A, Guid Other)> Books()
    {
        var c = await Api.EstablishConsortium(currency: "USD");
        var ids = new Dictionary<string, Guid> { ["A"] = await Api.AdmitMember(c, "A"), ["C"] = await Api.AdmitMember(c, "C") };
        await Api.Ok(Api.Post($"/consortia/{c}/agreement/versions", new
        {
            version = 1, effectiveFrom = "2025-01-01", signatories = ids.Values,
            dues = new { annualAmount = Usd("1000.00"), rule = new { method = "equal" } },
            costSharing = new Dictionary<string, object> { ["databases"] = new { rule = new { method = "equal" } } },
            lending = LoanScenario.DefaultFees(),
        }), 201);
        await Api.Ok(Api.AssessDues(c, 2026), 201);
        var sid = (await Api.Ok(Api.Post($"/consortia/{c}/subscriptions", new
        {
            vendor = "Springer", resource = "SpringerLink", termStart = "2026-01-01", termEnd = "2026-12-31",
            price = Usd("300.00"), participants = ids.Values.Select(m => new { memberId = m }), sharingTerm = "databases",
        }), 201)).GetProperty("id").GetGuid();
        await Api.Ok(Api.Post($"/consortia/{c}/subscriptions/{sid}/invoices", new { invoiceNumber = "SPR-1", invoiceDate = "2026-01-15", amount = Usd("300.00") }), 201);
        await Api.Ok(Api.Post($"/consortia/{c}/periods/2026-10/closing", new { }));
        await Api.Ok(ClosedPeriodPostingTests.Pay(Api, c, ids["A"], "100.00", "WHILE-CLOSED", "2026-10-15"), 201);
        await Api.Ok(Api.Post($"/consortia/{c}/periods/2026-10/reopening", new { reason = "Bank statement arrived late" }));
        await Api.Ok(ClosedPeriodPostingTests.Pay(Api, c, ids["A"], "50.00", "AFTER-REOPEN", "2026-10-20"), 201);
        return (c, ids["A"], ids["C"]);
    }

    private async Task<string> Balance(Guid c, Guid member) =>
        (await Api.Ok(Api.Get($"/consortia/{c}/members/{member}/statement"))).GetProperty("balance").GetProperty("amount").GetString()!;

    private static object Usd(string amount) => new { amount, currency = "USD" };

    private async Task<string> Read(string path) => (await Api.Ok(Api.Get(path))).ToString();

    private async Task<bool> Intact(Guid c) => (await Api.Ok(Api.Get($"/consortia/{c}/audit/verification"))).GetProperty("intact").GetBoolean();

    private async Task<string> Text(string sql, object arg)
    {
        await using var command = Host.DataSource().CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter { Value = arg });
        return (string)(await command.ExecuteScalarAsync(Ct))!;
    }

    /// <summary>
    /// The consortium's postings (every column and the whole document but the two Marten stamps afresh on each write), its running
    /// totals and the month-end snapshots taken.
    /// </summary>
    private async Task<List<string>> Rows(Guid c)
    {
        var rows = new List<string>();
        foreach (var (table, order) in new[]
                 {
                     (PostingColumns.Table, "id"), (PostingTotals.MemberTable, "member_id, currency"), (PostingTotals.ItemTable, "member_id, currency, item_key"),
                     (PostingSnapshots.MonthTable, "currency, last_day"), (PostingSnapshots.MemberTable, "last_day, member_id"),
                     (PostingSnapshots.ItemTable, "last_day, member_id, item_key"),
                 })
        {
            await using var command = Host.DataSource().CreateCommand(
                $"select (to_jsonb(t) - 'mt_version' - 'mt_last_modified')::text from {table} t where consortium_id = $1 order by {order}");
            command.Parameters.Add(new NpgsqlParameter { Value = c });
            await using var reader = await command.ExecuteReaderAsync(Ct);
            while (await reader.ReadAsync(Ct)) rows.Add(table + " " + reader.GetString(0));
        }
        Assert.NotEmpty(rows);
        return rows;
    }
}
