using System.Text.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SharingLedger.Infrastructure.Marten;
using SharingLedger.Kernel.Money;
using SharingLedger.Loans;
using SharingLedger.Loans.Import;
using SharingLedger.Loans.Rebuild;
using SharingLedger.Restatements;
using SharingLedger.Tests.Restatements;
using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Loans;

/// <summary>
/// <c>rebuild-loans</c> (<see cref="RebuildLoansCommand.RunAsync"/>, what the command calls; <see cref="LoanRebuild"/>): the loan
/// snapshots and their charges rebuilt outside the daemon are stored exactly as Marten's inline projections wrote them, one
/// consortium at a time when asked, and a loan written while they are rebuilt keeps its latest state.
/// </summary>
public class LoanRebuildTests(LedgerHost host) : LedgerTest(host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private DocumentStore Store => (DocumentStore)Host.Host.Services.GetRequiredService<IDocumentStore>();

    [Fact]
    public async Task Loans_deleted_or_altered_are_written_again_as_the_inline_projections_wrote_them_one_consortium_at_a_time()
    {
        var restated = await Restated(Api);
        var lifecycle = await Lifecycle(Host, Api);
        var (written1, written2) = (await Rows(restated.Consortium), await Rows(lifecycle.Consortium));

        // Consortium 1 loses a loan's snapshot and its charge; consortium 2 has a snapshot and a charge altered by hand.
        Assert.Equal(1, await Sql("delete from ledger.mt_doc_loan where id = $1", restated.Loans[0]));
        Assert.Equal(1, await Sql("delete from ledger.mt_doc_chargedloan where id = $1", restated.Loans[0]));
        Assert.Equal(1, await Sql("update ledger.mt_doc_loan set data = jsonb_set(data, '{title}', '\"altered by hand\"') where id = $1", lifecycle.Loans[0]));
        Assert.Equal(1, await Sql("update ledger.mt_doc_chargedloan set data = data - 'charge' where id = $1", lifecycle.Loans[1]));
        // … and a loan's lending facts altered by hand (its documents untouched), and facts added for no loan.
        Assert.Equal(1, await Sql("update ledger.loan_facts set state = 'Shipped', supplied_on = date '2026-10-03' where id = $1", lifecycle.Loans[2]));
        Assert.Equal(1, await Sql("insert into ledger.loan_facts select tenant_id, gen_random_uuid(), borrower_id, lender_id, request_id || '-copy', " +
            "borrower_code, service_level, state, requested_on, supplied_on, actions, action_days, charged_on, pages, billed_pages, agreement_version, " +
            "charge_month, billed_amount, billed_currency from ledger.loan_facts where id = $1", lifecycle.Loans[0]));
        Assert.NotEqual(written1, await Rows(restated.Consortium));
        Assert.NotEqual(written2, await Rows(lifecycle.Consortium));

        var output = new StringWriter();
        var outcome = await RebuildLoansCommand.RunAsync(Store, restated.Consortium, output, Ct);

        Assert.True(outcome.Succeeded, output.ToString());
        var rebuilt = Assert.Single(outcome.Databases).Rebuilt!;
        Assert.Equal((restated.Loans.Count, 1), (rebuilt.Loans, rebuilt.Consortia));
        Assert.Equal((2L, 0L, 0L), (rebuilt.Added, rebuilt.Corrected, rebuilt.Removed)); // the snapshot and the charge deleted, nothing else
        Assert.Contains($"{restated.Loans.Count} loans of 1 consortia rebuilt", output.ToString());
        Assert.Equal(written1, await Rows(restated.Consortium));
        Assert.NotEqual(written2, await Rows(lifecycle.Consortium)); // not asked for: left as it was
        // The deleted loan is back with the charge as restated under version 2 (18.00 a loan; 15.00 when it shipped).
        var back = await Api.Ok(Api.Get($"/consortia/{restated.Consortium}/loans/{restated.Loans[0]}"));
        Assert.Equal("18.00", LoanScenario.Amount(back.GetProperty("charge"), "charge"));

        var second = await RebuildLoansCommand.RunAsync(Store, lifecycle.Consortium, output, Ct);
        Assert.True(second.Succeeded, output.ToString());
        Assert.Contains("(0 documents added, 2 corrected, 0 removed)", output.ToString()); // the altered snapshot and charge
        Assert.Equal(written2, await Rows(lifecycle.Consortium));
        var api = await Api.Ok(Api.Get($"/consortia/{lifecycle.Consortium}/loans/{lifecycle.Loans[0]}"));
        Assert.Equal("replacementBilled", api.GetProperty("state").GetString());
    }

    /// <summary>
    /// Loans shipped through the API while their consortium's loans are rebuilt again and again: each write waits for a rebuild's
    /// commit or is seen by it, and every loan ends as its events say (its snapshot and charge equal to its stream folded live).
    /// </summary>
    [Fact]
    public async Task A_loan_written_while_the_loans_are_rebuilt_keeps_its_latest_state()
    {
        var s = await LoanScenario.WithDefaultFees(Host, Api, "A", "B");
        var loans = new List<Guid>();
        for (var i = 0; i < 8; i++) loans.Add(await s.Request("A", "B", on: "2026-10-01"));
        var database = await Store.Storage.FindOrCreateDatabase(ConsortiumTenancy.TenantOf(s.ConsortiumId));

        var writes = Task.WhenAll(loans.Select(async l => await s.Do(l, "shipped", new { on = "2026-10-02" })));
        var rebuilds = 0;
        while (!writes.IsCompleted || rebuilds < 3)
        {
            await LoanRebuild.RebuildAsync(Store, database, [ConsortiumTenancy.TenantOf(s.ConsortiumId)], Ct);
            rebuilds++;
        }
        await writes;

        await using var session = Store.QueryFor(s.ConsortiumId);
        var json = Store.Options.Serializer();
        foreach (var id in loans)
        {
            var stored = await session.LoadAsync<Loan>(id, Ct);
            Assert.Equal(LoanState.Shipped, stored!.State);
            Assert.Equal(json.ToJson(await session.Events.AggregateStreamAsync<Loan>(id, token: Ct)), json.ToJson(stored));
            Assert.Equal(json.ToJson(await session.Events.AggregateStreamAsync<ChargedLoan>(id, token: Ct)),
                json.ToJson(await session.LoadAsync<ChargedLoan>(id, Ct)));
        }
    }

    /// <summary>
    /// A restatement (the loans' charges restated in the transaction of the agreement's restatement, which marks every answer of the
    /// consortium out of date) recorded while the loans are rebuilt again and again: it is recorded once, no rebuild fails, and the
    /// restated charges are stored as the events say.
    /// </summary>
    [Fact]
    public async Task A_restatement_recorded_while_the_loans_are_rebuilt_is_recorded_and_no_rebuild_fails()
    {
        var s = await RestatementScenario.Create(Api);
        object equal = new { method = "equal" };
        await Api.Ok(s.Adopt(1, "2025-01-01", "90000.00", equal, equal, lending: RestatementScenario.Lending("15.00", "0.26")), 201);
        var loans = new List<Guid>();
        for (var i = 0; i < 6; i++) loans.Add(await s.Ship(i % 2 == 0 ? "B" : "C", "A", $"2026-03-{10 + i}"));
        await Api.Ok(s.Adopt(2, "2026-01-01", "90000.00", equal, equal, retroactive: true, lending: RestatementScenario.Lending("18.00", "0.50")), 201);
        var database = await Store.Storage.FindOrCreateDatabase(ConsortiumTenancy.TenantOf(s.ConsortiumId));

        var restatement = s.Restate(2);
        var rebuilds = 0;
        while (!restatement.IsCompleted || rebuilds < 3)
        {
            await LoanRebuild.RebuildAsync(Store, database, [ConsortiumTenancy.TenantOf(s.ConsortiumId)], Ct);
            rebuilds++;
        }
        var (status, _) = await restatement;
        Assert.Equal(200, status);

        await using var session = Store.QueryFor(s.ConsortiumId);
        var json = Store.Options.Serializer();
        foreach (var id in loans)
        {
            var charged = await session.LoadAsync<ChargedLoan>(id, Ct);
            Assert.Equal(json.ToJson(await session.Events.AggregateStreamAsync<ChargedLoan>(id, token: Ct)), json.ToJson(charged));
            Assert.Equal(new Money(1800, "USD"), charged!.Charge!.Charge); // 18.00, the restated fee, not 15.00
        }
    }

    /// <summary>
    /// A month settled (the clearing's lock, its charges read, its settlement recorded) while the loans are rebuilt again and again: it
    /// is recorded with every loan's charge, no rebuild fails, and the loans' derived tables are what the documents make.
    /// </summary>
    [Fact]
    public async Task A_month_settled_while_the_loans_are_rebuilt_is_recorded_with_every_charge()
    {
        var s = await LoanScenario.WithDefaultFees(Host, Api, "A", "B");
        for (var i = 0; i < 8; i++) await s.Shipped(i % 2 == 0 ? "A" : "B", i % 2 == 0 ? "B" : "A", $"2026-03-{10 + i}");
        var database = await Store.Storage.FindOrCreateDatabase(ConsortiumTenancy.TenantOf(s.ConsortiumId));

        var settlement = Api.Post($"/consortia/{s.ConsortiumId}/clearing/2026-03/settlement", new { });
        var rebuilds = 0;
        while (!settlement.IsCompleted || rebuilds < 3)
        {
            await LoanRebuild.RebuildAsync(Store, database, [ConsortiumTenancy.TenantOf(s.ConsortiumId)], Ct);
            rebuilds++;
        }
        var (status, body) = await settlement;
        Assert.True(status == 201, body.ToString());
        var clearing = await Api.Ok(Api.Get($"/consortia/{s.ConsortiumId}/clearing/2026-03"));
        Assert.True(clearing.GetProperty("settled").GetBoolean());
        Assert.Equal(8, clearing.GetProperty("charges").GetArrayLength());
        var verification = await Api.Ok(Api.Get($"/consortia/{s.ConsortiumId}/audit/verification"));
        Assert.All(verification.GetProperty("derived").EnumerateArray(), d => Assert.Equal(JsonValueKind.Null, d.GetProperty("firstBreak").ValueKind));
    }

    /// <summary>
    /// A loan-history import (its events and, on a connection of its own, its snapshots) while the database's loans are rebuilt again
    /// and again: the import is recorded whole, every imported loan has its snapshot and charge as its events make them, and a rebuild
    /// that would run beside the import's writing refuses, saying so, rather than write the import's loans under it.
    /// </summary>
    [Fact]
    public async Task An_import_while_the_loans_are_rebuilt_is_recorded_whole_and_a_rebuild_beside_its_writing_refuses()
    {
        var s = await LoanScenario.WithDefaultFees(Host, Api, "A", "B", "C");
        var file = new System.Text.StringBuilder("borrower,requestId,action,on,lender,serviceType,serviceLevel,maxCost,dueDate,pages,note\n");
        const int imported = 3_000;
        for (var i = 0; i < imported; i++)
        {
            var borrower = i % 2 == 0 ? "A" : "B";
            file.Append($"{borrower},W{i},request,2026-10-05,C,loan,normal,,,,\n{borrower},W{i},shipped,2026-10-06,,,,,2026-11-06,,\n");
        }
        var database = await Store.Storage.FindOrCreateDatabase(ConsortiumTenancy.TenantOf(s.ConsortiumId));

        // An import between its two commits (what it holds while it writes): the operator's command refuses, and says why.
        var output = new StringWriter();
        await using (await LoanDocumentsCopy.ImportWritingAsync(database, ConsortiumTenancy.TenantOf(s.ConsortiumId), Ct))
            Assert.False((await RebuildLoansCommand.RunAsync(Store, s.ConsortiumId, output, Ct)).Succeeded, output.ToString());
        Assert.Contains("A loan-history import is writing loans of a consortium being rebuilt; run rebuild-loans again once it has finished", output.ToString());
        Assert.True((await RebuildLoansCommand.RunAsync(Store, s.ConsortiumId, output, Ct)).Succeeded, output.ToString());

        var import = LoanImportTests.Import(Host, s.ConsortiumId, file.ToString());
        var (rebuilt, refused) = (0, 0);
        while (!import.IsCompleted)
        {
            try
            {
                await LoanRebuild.RebuildAsync(Store, database, [ConsortiumTenancy.TenantOf(s.ConsortiumId)], Ct);
                rebuilt++;
            }
            catch (InvalidOperationException e) when (e.Message.Contains("import", StringComparison.Ordinal))
            {
                refused++;
            }
        }
        var (status, body) = await import;
        Assert.True(status == 200, $"{status} {body}; {rebuilt} rebuilt, {refused} refused");
        Assert.Equal(imported, body.GetProperty("loans").GetInt32());
        Assert.Equal(imported, await s.LoanCount());

        await LoanRebuild.RebuildAsync(Store, database, [ConsortiumTenancy.TenantOf(s.ConsortiumId)], Ct);
        await using var session = Store.QueryFor(s.ConsortiumId);
        var json = Store.Options.Serializer();
        foreach (var id in (await session.Query<Loan>().Select(l => l.Id).ToListAsync(Ct)).Take(50))
            Assert.Equal(json.ToJson(await session.Events.AggregateStreamAsync<Loan>(id, token: Ct)), json.ToJson(await session.LoadAsync<Loan>(id, Ct)));
    }

    /// <summary>Three loans under a fee of 15.00 (two in a settled March, one in November), restated under 18.00: their charges restated.</summary>
    internal static async Task<(Guid Consortium, List<Guid> Loans)> Restated(LedgerApi api)
    {
        var s = await RestatementScenario.Create(api);
        object equal = new { method = "equal" };
        await api.Ok(s.Adopt(1, "2025-01-01", "90000.00", equal, equal, lending: RestatementScenario.Lending("15.00", "0.26")), 201);
        var loans = new List<Guid> { await s.Ship("B", "A", "2026-03-10"), await s.Ship("C", "A", "2026-03-20") };
        await api.Ok(api.Post($"/consortia/{s.ConsortiumId}/clearing/2026-03/settlement", new { }), 201);
        loans.Add(await s.Ship("A", "B", "2026-11-02"));
        await api.Ok(s.Adopt(2, "2026-01-01", "90000.00", equal, equal, retroactive: true, lending: RestatementScenario.Lending("18.00", "0.50")), 201);
        await api.Ok(s.Restate(2));
        return (s.ConsortiumId, loans);
    }

    /// <summary>Loans through most of the lifecycle: a condition accepted, shipped, received, overdue and lost with a replacement bill; a renewal; a cancellation.</summary>
    internal static async Task<(Guid Consortium, List<Guid> Loans)> Lifecycle(LedgerHost host, LedgerApi api)
    {
        var s = await LoanScenario.WithDefaultFees(host, api, "A", "B", "C");
        var lost = await s.Request("A", "B", maxCost: "10.00", on: "2026-08-01");
        await s.Do(lost, "conditional", new { on = "2026-08-02", offeredCost = LoanScenario.Usd("12.00") });
        await s.Do(lost, "acceptCondition", new { on = "2026-08-03" });
        await s.Do(lost, "shipped", new { on = "2026-08-04", dueDate = "2026-09-04" });
        await s.Do(lost, "received", new { on = "2026-08-06" });
        await s.Do(lost, "overdue", new { on = "2026-09-05" });
        await s.Do(lost, "lost", new { on = "2026-09-20", replacementCost = LoanScenario.Usd("30.00") });
        var renewed = await s.Shipped("C", "A", "2026-09-01");
        await s.Do(renewed, "received", new { on = "2026-09-03" });
        await s.Do(renewed, "renewed", new { on = "2026-09-20", dueDate = "2026-10-30" });
        var cancelled = await s.Request("B", "C", on: "2026-10-01");
        await s.Do(cancelled, "cancelled", new { on = "2026-10-02" });
        return (s.ConsortiumId, [lost, renewed, cancelled]);
    }

    /// <summary>The consortium's loan snapshots, charges and lending facts as stored, every column but the time Marten stamps afresh on each write.</summary>
    private async Task<List<string>> Rows(Guid consortium)
    {
        var rows = new List<string>();
        await (await Store.Storage.FindOrCreateDatabase(ConsortiumTenancy.TenantOf(consortium))).EnsureStorageExistsAsync(typeof(LoanFactsFeature), Ct);
        await using var conn = new NpgsqlConnection(Host.ConnectionString);
        await conn.OpenAsync(Ct);
        foreach (var table in new[] { "mt_doc_loan", "mt_doc_chargedloan", "loan_facts" })
        {
            await using var cmd = new NpgsqlCommand(
                $"select (to_jsonb(t) - 'mt_last_modified')::text from ledger.{table} t where tenant_id = $1 order by id", conn);
            cmd.Parameters.AddWithValue(ConsortiumTenancy.TenantOf(consortium));
            await using var reader = await cmd.ExecuteReaderAsync(Ct);
            while (await reader.ReadAsync(Ct)) rows.Add(table + " " + reader.GetString(0));
        }
        Assert.NotEmpty(rows);
        return rows;
    }

    private async Task<int> Sql(string sql, params object[] args)
    {
        await using var conn = new NpgsqlConnection(Host.ConnectionString);
        await conn.OpenAsync(Ct);
        await using var cmd = new NpgsqlCommand(sql, conn);
        foreach (var a in args) cmd.Parameters.AddWithValue(a);
        return await cmd.ExecuteNonQueryAsync(Ct);
    }
}
