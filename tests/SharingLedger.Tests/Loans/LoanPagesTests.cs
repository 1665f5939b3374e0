using Marten;
using Microsoft.Extensions.DependencyInjection;
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
        await Sql(database, $"""
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
        Assert.True(await Long(database, "select count(distinct (ctid::text::point)[0]) from ledger.mt_doc_loan") >= 4, "the loans fill several pages");
        var loanPage = await Long(database, $"select (ctid::text::point)[0]::bigint from ledger.mt_doc_loan where id = {Id("1")}");
        var chargedPage = await Long(database, $"select (ctid::text::point)[0]::bigint from ledger.mt_doc_chargedloan where id = {Id("1")}");

        // Shipped (with its lending charge), received, shipped back: each a new version of the snapshot, about 250 bytes longer.
        string[] steps = ["Shipped", "Received", "ReturnShipped"];
        for (var i = 0; i < steps.Length; i++)
        {
            await Sql(database, $"""
                update ledger.mt_doc_loan set mt_version = mt_version + 1,
                  data = jsonb_set(jsonb_set(data, array['state'], to_jsonb('{steps[i]}'::text)), array['steps'],
                    data->'steps' || jsonb_build_array({Step(steps[i], $"2026-03-0{4 + i}")}))
                where id = {Id("1")}
                """);
            Assert.Equal(loanPage, await Long(database, $"select (ctid::text::point)[0]::bigint from ledger.mt_doc_loan where id = {Id("1")}"));
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

    private const string Borrower = "00000000-0000-0000-0000-00000000b001";
    private const string Lender = "00000000-0000-0000-0000-00000000c001";

    /// <summary>Loan number <paramref name="n"/>'s id (an SQL expression).</summary>
    private static string Id(string n) => $"md5('loan-' || {n})::uuid";

    /// <summary>A step as the snapshot keeps it (about 250 bytes with its note).</summary>
    private static string Step(string action, string on) =>
        $"jsonb_build_object('action', '{action}', 'on', '{on}', 'recordedAt', '{on}T10:00:00Z', 'note', repeat('n', 160))";

    private static Task Sql(string database, string sql) => TestDatabases.ExecuteAsync(database, sql, Ct);

    private static async Task<long> Long(string database, string sql) => (long)(await TestDatabases.ScalarAsync(database, sql, Ct))!;
}
