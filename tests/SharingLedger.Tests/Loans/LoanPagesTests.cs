using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SharingLedger.Loans.Repack;
using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Loans;

/// <summary>
/// A loan's later versions stay on the page its request was written to: a step rewrites the snapshot (and a charge the loan's
/// charged-loan document) without changing an indexed column, so with room on the page PostgreSQL writes the new version beside
/// the old one (a heap-only update, no new index entries). With pages filled to the brim, PostgreSQL's default, the first step of
/// a loan on a full page moves it to another page. An existing database gets the room on <c>db-apply</c> (docs/decisions.md,
/// "Room on a loan's page for its next steps").
/// </summary>
public class LoanPagesTests(LedgerHost host) : LedgerTest(host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_loans_steps_and_its_charge_stay_on_the_page_its_request_was_written_to_also_in_an_upgraded_database()
    {
        var (database, node) = await Host.NodeOnOwnDatabaseAsync("loanpages", Ct);
        await using var _ = node;

        // As a database from before this change: both tables filled to the brim, then db-apply.
        await Sql(database, "alter table ledger.mt_doc_loan reset (fillfactor); alter table ledger.mt_doc_chargedloan reset (fillfactor)");
        var store = node.Services.GetRequiredService<IDocumentStore>();
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        // And then nothing left to change: a later db-apply (each release's) does not alter the tables again.
        await store.Storage.Database.AssertDatabaseMatchesConfigurationAsync(Ct);

        // Forty requests of about 900 bytes each (a real request's snapshot), written together as an import would: several pages.
        await WriteRequests(database);
        Assert.True(await Long(database, "select count(distinct (ctid::text::point)[0]) from ledger.mt_doc_loan") >= 4, "the loans fill several pages");
        var loanPage = await PageOf(database, "1");
        var chargedPage = await Long(database, $"select (ctid::text::point)[0]::bigint from ledger.mt_doc_chargedloan where id = {Id("1")}");

        // Shipped (with its lending charge), received, shipped back: each a new version of the snapshot, about 250 bytes longer.
        string[] steps = ["Shipped", "Received", "ReturnShipped"];
        for (var i = 0; i < steps.Length; i++)
        {
            await Act(database, "1", steps[i], $"2026-03-0{4 + i}");
            Assert.Equal(loanPage, await PageOf(database, "1"));
        }
        // The lending charge on its charged-loan document (about 400 bytes added).
        await Sql(database, $$"""
            update ledger.mt_doc_chargedloan set mt_version = mt_version + 1, chargemonth = '2026-03',
              data = data || jsonb_build_object('charge', jsonb_build_object('month', '2026-03', 'borrowerId', '{{Borrower}}', 'lenderId', '{{Lender}}',
                'on', '2026-03-04', 'recordedAt', '2026-03-04T10:00:00Z', 'charge', jsonb_build_object('amount', 15.00, 'currency', 'CNY'),
                'basis', repeat('b', 200), 'agreementVersion', 1))
            where id = {{Id("1")}}
            """);
        Assert.Equal(chargedPage, await Long(database, $"select (ctid::text::point)[0]::bigint from ledger.mt_doc_chargedloan where id = {Id("1")}"));
    }

    /// <summary>
    /// <c>repack-loans</c> (<see cref="RepackLoansCommand.RunAsync"/>): a database whose loans were written before the fill factor was
    /// set has full pages, where <c>db-apply</c> alone leaves them full and a loan's step moves to another page; after the repack the
    /// pages have room, a step stays on its page, and every row is as it was.
    /// </summary>
    [Fact]
    public async Task Repacking_gives_the_pages_of_loans_written_before_the_fill_factor_room_for_their_next_steps_and_changes_no_row()
    {
        var (database, node) = await Host.NodeOnOwnDatabaseAsync("repack", Ct);
        await using var _ = node;
        var store = (DocumentStore)node.Services.GetRequiredService<IDocumentStore>();
        await Sql(database, "alter table ledger.mt_doc_loan reset (fillfactor); alter table ledger.mt_doc_chargedloan reset (fillfactor)");
        await WriteRequests(database);
        const string rows = "select md5(string_agg(t::text, '|' order by id)) from (select id, data, mt_version from ledger.{0}) t";

        // Before db-apply the tables are not at the configured fill factor: refused, nothing rewritten.
        var file = await Long(database, "select pg_relation_filenode('ledger.mt_doc_loan')::bigint");
        var output = new StringWriter();
        var refused = await RepackLoansCommand.RunAsync(store, null, TimeSpan.FromSeconds(1), 1, output, Ct);
        Assert.False(refused.Succeeded);
        Assert.Contains("repack FAILED", output.ToString());
        Assert.Contains("ledger.mt_doc_loan is not set to fill its pages to 70 %", output.ToString());
        Assert.Contains("run db-apply first", output.ToString());
        Assert.Equal(file, await Long(database, "select pg_relation_filenode('ledger.mt_doc_loan')::bigint"));

        // db-apply sets the fill factor but leaves the pages as full as they were: a step on the first page moves its loan away.
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        var fullest = await Long(database, FullestPage);
        var first = await FirstPageLoan(database);
        await Act(database, first, "Shipped", "2026-03-04");
        Assert.NotEqual(0, await PageOf(database, first));
        var (loansBefore, chargedBefore) = (await Text(database, string.Format(rows, "mt_doc_loan")), await Text(database, string.Format(rows, "mt_doc_chargedloan")));

        output = new StringWriter();
        var outcome = await RepackLoansCommand.RunAsync(store, null, TimeSpan.FromSeconds(5), 3, output, Ct);

        Assert.True(outcome.Succeeded, output.ToString());
        var repacked = Assert.Single(outcome.Databases).Rebuilt!;
        Assert.Equal(["mt_doc_loan", "mt_doc_chargedloan"], repacked.Tables.Select(t => t.Table));
        Assert.Contains("mt_doc_loan repacked from", output.ToString());
        Assert.NotEqual(file, await Long(database, "select pg_relation_filenode('ledger.mt_doc_loan')::bigint"));
        // The repack changed no row, only the pages they are on.
        Assert.Equal(loansBefore, await Text(database, string.Format(rows, "mt_doc_loan")));
        Assert.Equal(chargedBefore, await Text(database, string.Format(rows, "mt_doc_chargedloan")));
        // Fewer loans on the fullest page (a page now holds at most 70 % of 8 kB of them), and a step on the first page stays there.
        Assert.True(await Long(database, FullestPage) < fullest, $"the fullest page held {fullest} loans before the repack");
        var second = await FirstPageLoan(database);
        foreach (var (action, on) in new[] { ("Shipped", "2026-03-05"), ("Received", "2026-03-06") })
        {
            await NoOtherSnapshot(database); // so the step before's old version can be pruned from the page, as on a quiet database
            await Act(database, second, action, on);
            Assert.Equal(0, await PageOf(database, second));
        }
    }

    /// <summary>
    /// A repack waits only a bounded time for a table's lock (loans of the database wait behind it while it does), gives way, tries
    /// again, and gives up with the table as it was while a transaction holds the loans; once the loans are free it runs.
    /// </summary>
    [Fact]
    public async Task A_repack_gives_up_with_the_table_as_it_was_while_the_loans_stay_busy_and_runs_once_they_are_free()
    {
        var (database, node) = await Host.NodeOnOwnDatabaseAsync("repackbusy", Ct);
        await using var _ = node;
        var store = (DocumentStore)node.Services.GetRequiredService<IDocumentStore>();
        await WriteRequests(database);
        var file = await Long(database, "select pg_relation_filenode('ledger.mt_doc_loan')::bigint");

        await using (var writer = new NpgsqlConnection(database))
        {
            await writer.OpenAsync(Ct);
            await using var busy = await writer.BeginTransactionAsync(Ct);
            await using (var update = new NpgsqlCommand($"update ledger.mt_doc_loan set mt_version = mt_version where id = {Id("1")}", writer, busy))
                await update.ExecuteNonQueryAsync(Ct);

            var output = new StringWriter();
            var started = System.Diagnostics.Stopwatch.StartNew();
            var outcome = await RepackLoansCommand.RunAsync(store, null, TimeSpan.FromSeconds(1), 2, output, Ct);

            Assert.False(outcome.Succeeded);
            Assert.Contains("ledger.mt_doc_loan stayed busy: its lock was not free within 1 s in 2 tries; it was left as it was", output.ToString());
            // Two waits of a second and a second's pause between them.
            Assert.InRange(started.Elapsed.TotalSeconds, 2.9, 30);
            Assert.Equal(file, await Long(database, "select pg_relation_filenode('ledger.mt_doc_loan')::bigint"));
            await busy.CommitAsync(Ct);
        }

        var again = await RepackLoansCommand.RunAsync(store, null, TimeSpan.FromSeconds(1), 2, new StringWriter(), Ct);
        Assert.True(again.Succeeded);
        Assert.NotEqual(file, await Long(database, "select pg_relation_filenode('ledger.mt_doc_loan')::bigint"));
    }

    /// <summary>The most loans' current versions on one page of the snapshots' table.</summary>
    private const string FullestPage = "select max(n) from (select count(*) n from ledger.mt_doc_loan group by (ctid::text::point)[0]) p";

    /// <summary>The number of a request still at its first version on page 0.</summary>
    private static async Task<string> FirstPageLoan(string database) => await Text(database,
        "select n::text from generate_series(1, 40) n join ledger.mt_doc_loan l on l.id = md5('loan-' || n)::uuid " +
        "where (l.ctid::text::point)[0] = 0 and l.mt_version = 1 order by n limit 1");

    private static async Task<string> Text(string database, string sql) => (string)(await TestDatabases.ScalarAsync(database, sql, Ct))!;

    /// <summary>Forty requests (loans 1 to 40) of about 900 bytes each and two hundred charged loans, in one statement each.</summary>
    private static Task WriteRequests(string database) => Sql(database, $"""
        insert into ledger.mt_doc_loan (tenant_id, id, data, mt_dotnet_type, mt_version, requested_month, request_id, borrower_id, lender_id)
        select 't', {Id("n")}, jsonb_build_object('id', {Id("n")}, 'borrowerId', '{Borrower}', 'lenderId', '{Lender}', 'requestId', 'ILL-' || n,
                 'state', 'Requested', 'requestedOn', '2026-03-02', 'title', repeat('x', 640),
                 'steps', jsonb_build_array({Step("Requested", "2026-03-02")})),
               'SharingLedger.Loans.Loan', 1, '2026-03', 'ILL-' || n, '{Borrower}', '{Lender}'
        from generate_series(1, 40) n;
        insert into ledger.mt_doc_chargedloan (tenant_id, id, data, mt_dotnet_type, mt_version)
        select 't', {Id("n")}, jsonb_build_object('id', {Id("n")}, 'requestId', 'ILL-' || n), 'SharingLedger.Loans.ChargedLoan', 1
        from generate_series(1, 200) n;
        """);

    /// <summary>A step on loan <paramref name="n"/>: a new version of its snapshot, about 250 bytes longer.</summary>
    private static Task Act(string database, string n, string action, string on) => Sql(database, $"""
        update ledger.mt_doc_loan set mt_version = mt_version + 1,
          data = jsonb_set(jsonb_set(data, array['state'], to_jsonb('{action}'::text)), array['steps'],
            data->'steps' || jsonb_build_array({Step(action, on)}))
        where id = {Id(n)}
        """);

    /// <summary>The page (block number) loan <paramref name="n"/>'s current version is on.</summary>
    private static Task<long> PageOf(string database, string n) =>
        Long(database, $"select (ctid::text::point)[0]::bigint from ledger.mt_doc_loan where id = {Id(n)}");

    private const string Borrower = "00000000-0000-0000-0000-00000000b001";
    private const string Lender = "00000000-0000-0000-0000-00000000c001";

    /// <summary>Loan number <paramref name="n"/>'s id (an SQL expression).</summary>
    private static string Id(string n) => $"md5('loan-' || {n})::uuid";

    /// <summary>A step as the snapshot keeps it (about 250 bytes with its note).</summary>
    private static string Step(string action, string on) =>
        $"jsonb_build_object('action', '{action}', 'on', '{on}', 'recordedAt', '{on}T10:00:00Z', 'note', repeat('n', 160))";

    /// <summary>
    /// Waits (at most 30 s) until no other session of the database holds a snapshot: one that does (an autovacuum's analyze, the node's
    /// daemon mid-batch, on a loaded machine) keeps a loan's old version on its page, and the next step's version then goes elsewhere.
    /// </summary>
    private static async Task NoOtherSnapshot(string database)
    {
        for (var i = 0; i < 300; i++)
        {
            if (await Long(database, "select count(*) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() " +
                                     "and backend_xmin is not null") == 0) return;
            await Task.Delay(100, Ct);
        }
    }

    private static Task Sql(string database, string sql) => TestDatabases.ExecuteAsync(database, sql, Ct);

    private static async Task<long> Long(string database, string sql) => (long)(await TestDatabases.ScalarAsync(database, sql, Ct))!;
}
