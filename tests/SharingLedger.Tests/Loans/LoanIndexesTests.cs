using System.Text.Json;
using Marten;
using Marten.Linq;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SharingLedger.Infrastructure.Marten;
using SharingLedger.Loans;
using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Loans;

/// <summary>
/// The loans' indexes: a new request's check for its request id is one probe of the (borrower, request id) index however many loans
/// the borrower has had, and a database made by an earlier version loses the indexes no read uses on <c>db-apply</c>
/// (docs/decisions.md, "A request id found by one index probe").
/// </summary>
public class LoanIndexesTests(LedgerHost host) : LedgerTest(host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_borrowers_request_id_is_found_in_a_few_index_pages_however_long_its_history()
    {
        var (database, node) = await NodeAsync("ids");
        await using var _ = node;
        var consortium = Guid.NewGuid();
        var tenant = ConsortiumTenancy.TenantOf(consortium);
        var borrower = Guid.NewGuid();
        // Five years of a busy borrower: 20,000 loans over 60 months, and as many of other borrowers; written as rows, the
        // snapshots' triggers off (only the indexes are under test).
        await Sql(database, $"""
            set session_replication_role = replica;
            insert into ledger.mt_doc_loan (tenant_id, id, data, mt_dotnet_type, mt_version, requested_month, request_id, borrower_id, lender_id)
            select '{tenant}', gen_random_uuid(), jsonb_build_object('consortiumId', '{consortium}'), 'SharingLedger.Loans.Loan', 1,
                   to_char(date '2021-01-01' + (n % 1800), 'YYYY-MM'), 'ILL-' || n,
                   case when n % 2 = 0 then '{borrower}'::uuid else gen_random_uuid() end, gen_random_uuid()
            from generate_series(1, 40000) n;
            analyze ledger.mt_doc_loan;
            """);

        var store = node.Services.GetRequiredService<IDocumentStore>();
        await using var session = store.QuerySession(tenant);
        // Found, and only the borrower's own: an odd request id belongs to another borrower.
        Assert.Single(await LoanAccess.WithRequestIdQuery(session, consortium, borrower, "ILL-20000").Select(l => l.Id).ToListAsync(Ct));
        Assert.Empty(await LoanAccess.WithRequestIdQuery(session, consortium, borrower, "ILL-20001").Select(l => l.Id).ToListAsync(Ct));

        // What the check costs in PostgreSQL's pages: a probe of a three-level index reads three or four; the borrower's whole index
        // range (what the earlier (borrower, month, request id) index made it read) is over a hundred.
        var command = LoanAccess.WithRequestIdQuery(session, consortium, borrower, "no-such-request").ToCommand(FetchType.FetchMany);
        var root = await PlanAsync(database, command.CommandText, [.. command.Parameters.Select(p => p.Clone())]);
        var pages = root.GetProperty("Shared Hit Blocks").GetInt64() + root.GetProperty("Shared Read Blocks").GetInt64();
        Assert.True(pages <= 8, $"the check read {pages} pages: {root}");
    }

    [Fact]
    public async Task A_copy_delivery_reads_the_borrowers_copies_charged_that_year_and_none_of_its_other_years()
    {
        var (database, node) = await NodeAsync("pages");
        await using var _ = node;
        var tenant = ConsortiumTenancy.TenantOf(Guid.NewGuid());
        var borrower = Guid.NewGuid();
        // Five years (2022–2026) of copies, four a day: two of this borrower's, two of others'; each charged 10 pages, 2 billed.
        await Sql(database, $"""
            insert into {LoanFactsTable.Table} (tenant_id, id, borrower_id, lender_id, request_id, borrower_code, actions, action_days,
              charged_on, pages, billed_pages, agreement_version)
            select '{tenant}', gen_random_uuid(), case when k <= 2 then '{borrower}'::uuid else gen_random_uuid() end, gen_random_uuid(),
                   'ILL-' || d || '-' || k, 'LIB', array[]::varchar[], array[]::date[], d, 10, 2, 1
            from generate_series(date '2022-01-01', date '2026-12-31', interval '1 day') d cross join generate_series(1, 4) k;
            analyze {LoanFactsTable.Table};
            """);

        var root = await PlanAsync(database, LoanFactsTable.PagesChargedSql, tenant, borrower, new DateOnly(2024, 1, 1), new DateOnly(2024, 12, 31));
        // 2024's copies of this borrower: 366 days, two a day.
        Assert.Equal(732, root.GetProperty("Actual Rows").GetInt64());
        // Found through the index's range (tenant, borrower, day), not by reading the borrower's other years and dropping them.
        var text = root.ToString();
        Assert.DoesNotContain("Rows Removed by Filter", text);
        Assert.Contains("loan_facts_copies", text);
    }

    [Fact]
    public async Task A_members_loans_that_can_count_are_found_by_their_last_day_and_none_of_its_earlier_years()
    {
        var (database, node) = await NodeAsync("last");
        await using var _ = node;
        var consortium = Guid.NewGuid();
        var tenant = ConsortiumTenancy.TenantOf(consortium);
        var member = Guid.NewGuid();
        // Five years (2022–2026), eight loans requested a day: the member borrows k = 1 (supplied two days later) and k = 2 (a copy never
        // shipped whose charge came 40 days later), lends k = 3 (supplied ten days later) and k = 4 (not supplied); k = 5–8 are other
        // members' loans with each other.
        await Sql(database, $"""
            insert into {LoanFactsTable.Table} (tenant_id, id, borrower_id, lender_id, request_id, borrower_code, service_level, state,
              requested_on, supplied_on, actions, action_days, charged_on, pages, billed_pages, agreement_version)
            select '{tenant}', gen_random_uuid(), case when k <= 2 then '{member}'::uuid else gen_random_uuid() end,
                   case when k in (3, 4) then '{member}'::uuid else gen_random_uuid() end, 'ILL-' || d || '-' || k, 'LIB', 'Normal', 'Shipped',
                   d, case k when 1 then d + 2 when 3 then d + 10 end, array['Shipped']::varchar[], array[d]::date[],
                   case when k = 2 then d + 40 end, case when k = 2 then 10 end, case when k = 2 then 2 end, case when k = 2 then 1 end
            from (select t::date as d from generate_series(date '2022-01-01', date '2026-12-31', interval '1 day') t) days cross join generate_series(1, 8) k;
            analyze {LoanFactsTable.Table};
            """);

        // Since 1 January 2026: k = 1 requested from 30 December 2025 (2 + 365 days), k = 2 from 22 November 2025 (9 + 31 + 365),
        // k = 3 from 22 December 2025 (10 + 365), k = 4 in 2026 (365).
        const int expected = 367 + 405 + 375 + 365;
        var store = node.Services.GetRequiredService<IDocumentStore>();
        await using (var session = store.QuerySession(tenant))
        {
            var loans = await LoanFactsTable.MemberLoansAsync(session, member, new NodaTime.LocalDate(2026, 1, 1), Ct);
            Assert.Equal(expected, loans.Count);
            Assert.All(loans, l => Assert.True(l.BorrowerId == member || l.LenderId == member));
        }

        var root = await PlanAsync(database, LoanFactsTable.MemberLoansSql, tenant, member, new DateOnly(2026, 1, 1), member, new DateOnly(2026, 1, 1));
        Assert.Equal(expected, root.GetProperty("Actual Rows").GetInt64());
        // Two index ranges, the borrowed and the lent loans from the day on; not the member's 7,304 loans of every year with the
        // earlier ones dropped after they were read.
        var text = root.ToString();
        Assert.DoesNotContain("Rows Removed by Filter", text);
        Assert.Contains("loan_facts_borrower", text);
        Assert.Contains("loan_facts_lender", text);
    }

    [Fact]
    public async Task A_database_with_an_earlier_versions_loan_indexes_keeps_only_the_ones_read_after_db_apply()
    {
        var (database, node) = await NodeAsync("idx");
        await using var _ = node;
        // As an earlier version left them: the consortium's computed index, the borrower alone, the borrower's requests by month, and
        // the charged loans' two months.
        await Sql(database, """
            drop index if exists ledger.mt_doc_loan_idx_borrower_id_request_id;
            create index mt_doc_loan_idx_consortium_id on ledger.mt_doc_loan ((((data ->> 'consortiumId'))::uuid));
            create index mt_doc_loan_idx_borrower_id on ledger.mt_doc_loan (borrower_id);
            create index mt_doc_loan_idx_borrower_id_requested_month_request_id on ledger.mt_doc_loan (borrower_id, requested_month, request_id);
            create index mt_doc_chargedloan_idx_chargemonth on ledger.mt_doc_chargedloan (chargemonth, tenant_id);
            create index mt_doc_chargedloan_idx_replacementmonth on ledger.mt_doc_chargedloan (replacementmonth, tenant_id);
            """);

        await node.Services.GetRequiredService<IDocumentStore>().Storage.ApplyAllConfiguredChangesToDatabaseAsync();

        Assert.Equal("mt_doc_loan_idx_borrower_id_request_id(borrower_id, request_id) mt_doc_loan_idx_lender_id(lender_id)", await Text(database, Indexes("mt_doc_loan")));
        Assert.Equal("", await Text(database, Indexes("mt_doc_chargedloan")));
        // The columns stay: the quota's counts and the audit's recount read the requested month, the backfill writes the charges' months.
        Assert.Equal("chargemonth replacementmonth requested_month", await Text(database, """
            select string_agg(column_name, ' ' order by column_name) from information_schema.columns
            where table_schema = 'ledger' and column_name in ('requested_month', 'chargemonth', 'replacementmonth')
              and table_name in ('mt_doc_loan', 'mt_doc_chargedloan')
            """));
    }

    /// <summary>Each index but the primary key, as its name and columns, in name order.</summary>
    private static string Indexes(string table) => $"""
        select coalesce(string_agg(i.relname || '(' || (select string_agg(a.attname, ', ' order by k.n)
                 from unnest(x.indkey) with ordinality k(attnum, n) join pg_attribute a on a.attrelid = x.indrelid and a.attnum = k.attnum) || ')',
               ' ' order by i.relname), '')
        from pg_index x join pg_class i on i.oid = x.indexrelid
        where x.indrelid = 'ledger.{table}'::regclass and not x.indisprimary and not x.indisunique
        """;

    /// <summary>The plan PostgreSQL ran <paramref name="sql"/> (its parameters written <c>?</c>, as Marten's batch items write them) by, with the rows and pages each step read.</summary>
    private static Task<JsonElement> PlanAsync(string database, string sql, params object[] values)
    {
        var n = 0;
        return PlanAsync(database, System.Text.RegularExpressions.Regex.Replace(sql, @"\?", _ => $"${++n}"), [.. values.Select(v => new NpgsqlParameter { Value = v })]);
    }

    /// <summary>The same for a command whose parameters are numbered already (<c>$1</c>…), as Marten's LINQ writes them.</summary>
    private static async Task<JsonElement> PlanAsync(string database, string sql, NpgsqlParameter[] parameters)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync(Ct);
        await using var explain = new NpgsqlCommand("explain (analyze, buffers, format json) " + sql, connection);
        explain.Parameters.AddRange(parameters);
        using var plan = JsonDocument.Parse((string)(await explain.ExecuteScalarAsync(Ct))!);
        return plan.RootElement[0].GetProperty("Plan").Clone();
    }

    private Task<(string Database, Alba.IAlbaHost Node)> NodeAsync(string role) => Host.NodeOnOwnDatabaseAsync(role, Ct);

    private static Task Sql(string database, string sql) => TestDatabases.ExecuteAsync(database, sql, Ct);

    private static async Task<string?> Text(string database, string sql) => (string?)await TestDatabases.ScalarAsync(database, sql, Ct);
}
