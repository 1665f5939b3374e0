using Marten;
using Microsoft.Extensions.DependencyInjection;
using SharingLedger.Loans;
using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Loans;

/// <summary>
/// An existing database upgraded: one whose loan facts an earlier version made (its row function giving fewer columns, its triggers
/// named for that version) takes this version's on <c>db-apply</c> (Marten's apply of every configured change), however the row
/// function's columns changed, and then gives the new columns.
/// </summary>
public class LoanFactsUpgradeTests(LedgerHost host) : LedgerTest(host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_database_with_an_earlier_versions_loan_facts_takes_this_versions_on_db_apply()
    {
        var (database, node) = await Host.NodeOnOwnDatabaseAsync("facts", Ct);
        await using var _ = node;
        var store = node.Services.GetRequiredService<IDocumentStore>();

        // As an earlier version left it: a row function with other columns, triggers of version v1, none of this version's.
        await Sql(database, """
            do $$ declare t record; begin
              for t in select tgname from pg_trigger where tgrelid = 'ledger.mt_doc_loan'::regclass and tgname like 'loan\_facts\_%' loop
                execute format('drop trigger %I on ledger.mt_doc_loan', t.tgname);
              end loop;
            end $$;
            drop function ledger.loan_fact_row(varchar, uuid, jsonb);
            create function ledger.loan_fact_row(tenant varchar, loan uuid, data jsonb) returns table (tenant_id varchar, id uuid)
              language sql immutable as 'select tenant, loan';
            create trigger loan_facts_v1_insert after insert on ledger.mt_doc_loan
              referencing new table as inserted for each statement execute function ledger.loan_facts_inserted();
            """);
        Assert.Equal(0L, await Scalar(database, $"select count(*) from pg_trigger where tgname = 'loan_facts_{LoanFactsSchema.Version}_insert'"));

        // db-apply: the store's every configured change, compared with the database as it is now.
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();

        Assert.Equal(1L, await Scalar(database, $"select count(*) from pg_trigger where tgname = 'loan_facts_{LoanFactsSchema.Version}_insert'"));
        Assert.Equal(0L, await Scalar(database, "select count(*) from pg_trigger where tgname = 'loan_facts_v1_insert'"));
        // The indexes a period's reads go by (requested, charged, supplied), beside a member's (borrower, lender).
        Assert.Equal("loan_facts_borrower loan_facts_charge_month loan_facts_copies loan_facts_lender loan_facts_requested loan_facts_supplied", await Text(database,
            "select string_agg(indexname, ' ' order by indexname) from pg_indexes where schemaname = 'ledger' and tablename = 'loan_facts' and indexname <> 'loan_facts_pkey'"));
        // A charged loan's snapshot gives its charge's month and the amount billed.
        Assert.Equal("2026-10 15.00 CNY", await Text(database, """
            select charge_month || ' ' || billed_amount || ' ' || billed_currency from ledger.loan_fact_row('t', gen_random_uuid(),
              '{"steps": [], "charge": {"month": "2026-10", "billed": {"amount": "15.00", "currency": "CNY"}}}'::jsonb)
            """));
    }

    private static Task Sql(string database, string sql) => TestDatabases.ExecuteAsync(database, sql, Ct);

    private static async Task<long> Scalar(string database, string sql) => (long)(await TestDatabases.ScalarAsync(database, sql, Ct))!;

    private static async Task<string?> Text(string database, string sql) => (string?)await TestDatabases.ScalarAsync(database, sql, Ct);
}
