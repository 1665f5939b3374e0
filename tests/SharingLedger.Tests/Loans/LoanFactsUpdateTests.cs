using SharingLedger.Loans;
using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Loans;

/// <summary>
/// A loan's facts row follows its snapshot in place: a step updates the one row (no row deleted and written again), and a snapshot
/// written again with the same facts leaves it untouched (docs/decisions.md, "A loan's facts updated in place").
/// </summary>
public class LoanFactsUpdateTests(LedgerHost host) : LedgerTest(host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Loan = "00000000-0000-0000-0000-00000000a001";
    private const string Borrower = "00000000-0000-0000-0000-00000000b001";
    private const string Lender = "00000000-0000-0000-0000-00000000c001";

    [Fact]
    public async Task A_step_updates_the_loans_facts_row_and_a_snapshot_with_the_same_facts_leaves_it_as_it_was()
    {
        var (database, node) = await Host.NodeOnOwnDatabaseAsync("factsupdate", Ct);
        await using var _ = node;
        // A request, written the way Marten writes a snapshot (an upsert), so the triggers of both an insert and an update fire.
        await Upsert(database, "Requested", """{"action": "Requested", "on": "2026-03-02"}""", suppliedOn: null);
        Assert.Equal("Requested|||Requested", await Text(database, $"select state || '|' || coalesce(supplied_on::text, '') || '|' || coalesce(charged_on::text, '') || '|' || array_to_string(actions, ',') from {LoanFactsTable.Table}"));
        var written = await Text(database, $"select xmin::text from {LoanFactsTable.Table}");

        // The same snapshot written again (a new version of the document whose facts did not change): the row is not written.
        await TestDatabases.ExecuteAsync(database, $"update ledger.mt_doc_loan set mt_version = mt_version + 1 where id = '{Loan}'", Ct);
        await Upsert(database, "Requested", """{"action": "Requested", "on": "2026-03-02"}""", suppliedOn: null);
        Assert.Equal(written, await Text(database, $"select xmin::text from {LoanFactsTable.Table}"));

        // Shipped: the one row now says so.
        await Upsert(database, "Shipped", """{"action": "Requested", "on": "2026-03-02"}, {"action": "Shipped", "on": "2026-03-04"}""", suppliedOn: "2026-03-04");
        Assert.Equal("1|Shipped|2026-03-04||Requested,Shipped|2026-03-02,2026-03-04", await Text(database,
            $"select count(*) over () || '|' || state || '|' || supplied_on || '|' || coalesce(charged_on::text, '') || '|' || array_to_string(actions, ',') || '|' || array_to_string(action_days, ',') from {LoanFactsTable.Table}"));
        Assert.NotEqual(written, await Text(database, $"select xmin::text from {LoanFactsTable.Table}"));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("""{"state": "Shipped", "steps": [{"action": "Shipped", "on": "2026-03-04"}], "charge": {"month": "2026-03"}}""")]
    public async Task The_row_function_gives_any_snapshot_exactly_one_row(string json)
    {
        var (database, node) = await Host.NodeOnOwnDatabaseAsync("factsrow", Ct);
        await using var _ = node;
        // What updating a row in place relies on: a snapshot that gave no row would keep its earlier one.
        Assert.Equal("1", await Text(database, $"select count(*)::text from ledger.loan_fact_row('t', '{Loan}', '{json}'::jsonb)"));
    }

    private static Task Upsert(string database, string state, string steps, string? suppliedOn) => TestDatabases.ExecuteAsync(database, $$"""
        insert into ledger.mt_doc_loan (tenant_id, id, data, mt_dotnet_type, mt_version, requested_month, request_id, borrower_id, lender_id)
        values ('t', '{{Loan}}', '{"borrowerId": "{{Borrower}}", "lenderId": "{{Lender}}", "requestId": "ILL-1", "borrowerCode": "A",
                "serviceLevel": "Normal", "state": "{{state}}", "requestedOn": "2026-03-02", "suppliedOn": {{(suppliedOn is null ? "null" : $"\"{suppliedOn}\"")}},
                "steps": [{{steps}}]}', 'SharingLedger.Loans.Loan', 1, '2026-03', 'ILL-1', '{{Borrower}}', '{{Lender}}')
        on conflict (tenant_id, id) do update set data = excluded.data, mt_version = ledger.mt_doc_loan.mt_version + 1
        """, Ct);

    private static async Task<string?> Text(string database, string sql) => (string?)await TestDatabases.ScalarAsync(database, sql, Ct);
}
