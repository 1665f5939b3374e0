using System.Text;
using System.Text.Json;
using Alba;
using Microsoft.Extensions.DependencyInjection;
using Marten;
using SharingLedger.Loans;
using SharingLedger.Tests.Restatements;
using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Loans;

/// <summary>
/// Bulk import of loan history (POST …/loans/import): the clearing case of ClearingTests (fee 0.26, A and B reciprocal;
/// charges 15 normal, 15 normal, 20 rush, 15 normal, 25 express above B's maximum of 20) brought in as a file instead of
/// ten HTTP calls, checked against figures worked out by hand and against the same loans recorded through the loan routes.
/// </summary>
public class LoanImportTests(LedgerHost host) : LedgerTest(host)
{
    private const string TheClearingCaseCsv =
        "borrower,requestId,action,on,lender,serviceType,serviceLevel,maxCost,dueDate,pages,note\n" +
        "A,R1,request,2026-10-05,C,loan,normal,,,,\n" +
        "A,R1,shipped,2026-10-05,,,,,2026-11-05,,\n" +
        "B,R2,request,2026-10-06,C,loan,normal,,,,\n" +
        "B,R2,shipped,2026-10-06,,,,,,,\n" +
        "C,R3,request,2026-10-07,A,loan,rush,,,,\n" +
        "C,R3,shipped,2026-10-07,,,,,,,\n" +
        "A,R4,request,2026-10-08,B,loan,normal,,,,\n" +
        "A,R4,shipped,2026-10-08,,,,,,,\n" +
        "B,R5,request,2026-10-09,C,loan,express,20.00,,,\n" +
        "B,R5,shipped,2026-10-09,,,,,,,\n" +
        "A,R1,received,2026-10-10,,,,,,,\"arrived, undamaged\"\n";

    private Task<(int Status, JsonElement Body)> Import(Guid consortium, string file, string contentType = "text/csv") => Import(Host, consortium, file, contentType);

    /// <summary>POSTs <paramref name="file"/> to the consortium's loan import.</summary>
    public static async Task<(int Status, JsonElement Body)> Import(LedgerHost host, Guid consortium, string file, string contentType = "text/csv")
    {
        var result = await host.Host.Scenario(s =>
        {
            s.IgnoreStatusCode();
            s.ConfigureHttpContext(c =>
            {
                var bytes = Encoding.UTF8.GetBytes(file);
                c.Request.Method = "POST";
                c.Request.ContentType = contentType;
                c.Request.Body = new MemoryStream(bytes);
                c.Request.ContentLength = bytes.Length;
                c.Request.Path = $"/consortia/{consortium}/loans/import";
            });
        });
        var text = await result.ReadAsTextAsync();
        return (result.Context.Response.StatusCode, string.IsNullOrWhiteSpace(text) ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>
    /// An import of March loans recorded while a restatement charges the consortium's March loans again (the restatement marks every
    /// answer of the consortium out of date before it writes its loans; the import writes its loans, counting the same borrowers'
    /// March requests): both are recorded, and the import's loans each have their snapshot.
    /// </summary>
    [Fact]
    public async Task An_import_recorded_while_a_restatement_charges_loans_again_is_recorded_with_its_snapshots()
    {
        var s = await RestatementScenario.Create(Api);
        object equal = new { method = "equal" };
        await Api.Ok(s.Adopt(1, "2025-01-01", "90000.00", equal, equal, lending: RestatementScenario.Lending("15.00", "0.26")), 201);
        for (var i = 0; i < 20; i++) await s.Ship(i % 2 == 0 ? "B" : "C", "A", $"2026-03-{10 + i % 10}");
        await Api.Ok(s.Adopt(2, "2026-01-01", "90000.00", equal, equal, retroactive: true, lending: RestatementScenario.Lending("18.00", "0.50")), 201);
        var file = new StringBuilder("borrower,requestId,action,on,lender,serviceType,serviceLevel,maxCost,dueDate,pages,note\n");
        const int imported = 2_000;
        for (var i = 0; i < imported; i++)
        {
            var borrower = i % 2 == 0 ? "B" : "C";
            file.Append($"{borrower},IMP{i},request,2026-03-{10 + i % 10},A,loan,normal,,,,\n{borrower},IMP{i},shipped,2026-03-{10 + i % 10},,,,,2026-04-30,,\n");
        }

        var import = Import(s.ConsortiumId, file.ToString());
        var restatement = s.Restate(2);
        var ((importStatus, importBody), (restated, restatedBody)) = (await import, await restatement);

        Assert.True(importStatus == 200, importBody.ToString());
        Assert.True(restated == 200, restatedBody.ToString());
        await using var session = Host.Host.Services.GetRequiredService<IDocumentStore>().QuerySession(SharingLedger.Infrastructure.Marten.ConsortiumTenancy.TenantOf(s.ConsortiumId));
        Assert.Equal(20 + imported, await session.Query<Loan>().CountAsync(TestContext.Current.CancellationToken));
    }

    private Task<LoanScenario> ThreeMembers() => LoanScenario.Create(Host, Api, ids => LoanScenario.DefaultFees([[ids["A"], ids["B"]]]), "A", "B", "C");

    [Fact]
    public async Task An_imported_month_clears_to_the_figures_worked_out_by_hand()
    {
        var s = await ThreeMembers();

        var body = await Api.Ok(Import(s.ConsortiumId, TheClearingCaseCsv));

        // 5 requests; 5 shipments, each with its charge; 1 receipt: 5 + 10 + 1 events from 11 lines.
        Assert.Equal((11, 5, 16), (body.GetProperty("lines").GetInt32(), body.GetProperty("loans").GetInt32(), body.GetProperty("events").GetInt32()));
        var clearing = await Api.Ok(s.Clearing("2026-10"));
        // A: lent 20 (rush to C), borrowed 15 (from C; from B reciprocal-free), fee 0.26 → +4.74. B: borrowed 15 from C, fee 0.26
        // (the express 25 is above its maximum, not billed) → -15.26. C: lent 15 + 15, borrowed 20, fee 0.26 → +9.74. Fund: 3 × 0.26.
        Assert.Equal(new Dictionary<string, string> { ["A"] = "4.74", ["B"] = "-15.26", ["C"] = "9.74", ["_fund"] = "0.78" }, LoanScenario.Nets(clearing));
        Assert.True(clearing.GetProperty("balanced").GetBoolean());
    }

    [Fact]
    public async Task Imported_loans_are_the_loans_the_loan_routes_record()
    {
        var imported = await ThreeMembers();
        await Api.Ok(Import(imported.ConsortiumId, TheClearingCaseCsv));
        var posted = await ThreeMembers();
        foreach (var (borrower, lender, on, level, max, requestId) in new[]
                 {
                     ("A", "C", "2026-10-05", "normal", (string?)null, "R1"), ("B", "C", "2026-10-06", "normal", null, "R2"),
                     ("C", "A", "2026-10-07", "rush", null, "R3"), ("A", "B", "2026-10-08", "normal", null, "R4"), ("B", "C", "2026-10-09", "express", "20.00", "R5"),
                 })
        {
            var loan = await posted.Request(borrower, lender, level: level, maxCost: max, requestId: requestId, on: on);
            await posted.Do(loan, "shipped", requestId == "R1" ? new { on, dueDate = "2026-11-05" } : (object)new { on });
            if (requestId == "R1") await posted.Do(loan, "received", new { on = "2026-10-10", note = "arrived, undamaged" });
        }

        Assert.Equal(await Comparable(posted), await Comparable(imported));
        // Stored at the same revisions (Marten's mt_version: the stream version each projection last changed the document at;
        // R1's charge was last changed at version 3, its snapshot at version 4), not at the bulk loader's 1.
        Assert.Equal(await Revisions(posted.ConsortiumId), await Revisions(imported.ConsortiumId));
        Assert.Contains("mt_doc_loan R1 4", await Revisions(imported.ConsortiumId));
        Assert.Contains("mt_doc_chargedloan R1 3", await Revisions(imported.ConsortiumId));
        Assert.Equal(LoanScenario.Nets(await Api.Ok(posted.Clearing("2026-10"))), LoanScenario.Nets(await Api.Ok(imported.Clearing("2026-10"))));

        // An imported loan goes on through the loan routes as a posted one does: its stored snapshot and its events agree.
        var r1 = (await Api.All(imported.Url)).Single(l => l.GetProperty("requestId").GetString() == "R1").GetProperty("id").GetGuid();
        var returned = await imported.Do(r1, "returnShipped", new { on = "2026-11-01" });
        Assert.Equal("returnShipped", returned.GetProperty("state").GetString());
        Assert.Equal("loanCompleted", (await imported.Do(r1, "loanCompleted", new { on = "2026-11-03" })).GetProperty("state").GetString());
    }

    /// <summary>Each loan document's request id and stored revision, per table.</summary>
    private async Task<List<string>> Revisions(Guid consortium)
    {
        var rows = new List<string>();
        await using var conn = new Npgsql.NpgsqlConnection(Host.ConnectionString);
        await conn.OpenAsync();
        foreach (var table in new[] { "mt_doc_loan", "mt_doc_chargedloan" })
        {
            await using var cmd = new Npgsql.NpgsqlCommand(
                $"select data->>'requestId', mt_version from ledger.{table} where tenant_id = $1 order by 1", conn);
            cmd.Parameters.AddWithValue(SharingLedger.Infrastructure.Marten.ConsortiumTenancy.TenantOf(consortium));
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync()) rows.Add($"{table} {reader.GetString(0)} {reader.GetValue(1)}");
        }
        return rows;
    }

    [Fact]
    public async Task A_loan_imported_unshipped_and_then_shipped_through_the_routes_clears_under_its_request_id()
    {
        var s = await ThreeMembers();
        await Api.Ok(Import(s.ConsortiumId, "borrower,requestId,action,on,lender,serviceType,serviceLevel,maxCost,dueDate,pages,note\n" +
                                            "A,R9,request,2026-10-05,C,loan,normal,,,,\n"));
        var loan = (await Api.All(s.Url)).Single().GetProperty("id").GetGuid();
        // The imported request is found by its request id as a routed one is: a repeat is a conflict naming it.
        var (repeat, refusal) = await s.Requesting("A", "C", requestId: "R9", on: "2026-10-05");
        Assert.Equal(409, repeat);
        Assert.Contains(loan.ToString(), refusal.GetProperty("detail").GetString());

        await s.Do(loan, "shipped", new { on = "2026-10-06" });

        // The charge posted by the route lands on what the import wrote for the month's clearing: the line names the request.
        var clearing = await Api.Ok(s.Clearing("2026-10"));
        var line = Assert.Single(clearing.GetProperty("charges").EnumerateArray().ToList());
        Assert.Equal((loan, "R9", "lending"), (line.GetProperty("loanId").GetGuid(), line.GetProperty("requestId").GetString(), line.GetProperty("kind").GetString()));
        Assert.True(clearing.GetProperty("balanced").GetBoolean());
    }

    /// <summary>
    /// A database whose loans were recorded before the clearing read <c>ChargedLoan</c>: none of its loans has one, and one began
    /// from a later event alone (no request id). The one-off fill that db-apply runs (its script run here as db-apply would run it)
    /// gives every loan its charges and request id from its snapshot, and the month clears to the figures worked out by hand again.
    /// </summary>
    [Fact]
    public async Task Loans_from_before_the_charges_table_clear_again_once_the_fill_has_run()
    {
        var s = await ThreeMembers();
        await Api.Ok(Import(s.ConsortiumId, TheClearingCaseCsv));
        var tenant = s.ConsortiumId.ToString("D");
        var dataSource = Host.Host.Services.GetRequiredService<Npgsql.NpgsqlDataSource>();
        async Task Sql(string sql)
        {
            await using var command = dataSource.CreateCommand(sql);
            command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = tenant });
            await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }
        await Sql("delete from ledger.mt_doc_chargedloan where tenant_id = $1 and data->>'requestId' <> 'R2'");
        await Sql("update ledger.mt_doc_chargedloan set data = jsonb_set(data, '{requestId}', '\"\"') where tenant_id = $1");
        var before = await Api.Ok(s.Clearing("2026-10"));
        Assert.Single(before.GetProperty("charges").EnumerateArray().ToList()); // only R2's row is left, without its request id

        var script = new StringWriter();
        SharingLedger.Loans.ChargedLoanBackfill.Fill.WriteCreateStatement(null!, script);
        await using (var fill = dataSource.CreateCommand("drop table if exists ledger.charged_loan_backfilled;\n" + script))
            await fill.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);

        var clearing = await Api.Ok(s.Clearing("2026-10"));
        Assert.Equal(new Dictionary<string, string> { ["A"] = "4.74", ["B"] = "-15.26", ["C"] = "9.74", ["_fund"] = "0.78" }, LoanScenario.Nets(clearing));
        Assert.Equal(["R1", "R2", "R3", "R4", "R5"], clearing.GetProperty("charges").EnumerateArray().Select(c => c.GetProperty("requestId").GetString()).Order().ToList());
    }

    /// <summary>Each loan as the API shows it, without what differs between two consortia (ids, recorded instants, versions aside).</summary>
    private async Task<List<string>> Comparable(LoanScenario s)
    {
        var loans = await Api.All(s.Url);
        var codes = s.Members.ToDictionary(kv => kv.Value.ToString(), kv => kv.Key);
        return loans.Select(l =>
        {
            var text = l.GetRawText();
            text = System.Text.RegularExpressions.Regex.Replace(text, "\"[0-9]{4}-[0-9]{2}-[0-9]{2}T[^\"]*\"", "\"<instant>\"");
            foreach (var (id, code) in codes) text = text.Replace(id, code);
            text = text.Replace(s.ConsortiumId.ToString(), "<consortium>");
            text = System.Text.RegularExpressions.Regex.Replace(text, "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "<id>");
            return text;
        }).Order().ToList();
    }

    [Fact]
    public async Task A_file_with_refused_lines_lists_them_by_number_and_records_nothing()
    {
        var s = await ThreeMembers();
        var file =
            "borrower,requestId,action,on,lender,serviceType,serviceLevel\n" +
            "A,R1,request,2026-10-05,C,loan,normal\n" +
            "A,R1,shipped,2026-10-05,,,\n" +
            "Z,R2,request,2026-10-06,C,loan,normal\n" +          // line 4: no member Z
            "A,R1,loanCompleted,2026-10-07,,,\n" +                // line 5: a shipped loan cannot be completed before it comes back
            "B,R3,request,2026-13-01,C,loan,normal\n" +           // line 6: no such date
            "B,R9,received,2026-10-08,,,\n";                      // line 7: no request R9 of B in the file

        var (status, body) = await Import(s.ConsortiumId, file);

        Assert.Equal(422, status);
        var fields = body.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(["line 4: borrower", "line 5: action", "line 6: on", "line 7: requestId"], fields);
        Assert.Equal(0, await s.LoanCount());
        Assert.Equal("0.00", LoanScenario.Nets(await Api.Ok(s.Clearing("2026-10")))["_fund"]);
    }

    [Fact]
    public async Task Json_lines_import_and_the_same_file_again_records_nothing_twice()
    {
        var s = await ThreeMembers();
        var file =
            """{"borrower":"C","requestId":"J1","action":"request","on":"2026-10-05","lender":"A","serviceType":"copy","serviceLevel":"normal"}""" + "\n" +
            """{"borrower":"C","requestId":"J1","action":"copyCompleted","on":"2026-10-06","pages":25}""" + "\n";

        var body = await Api.Ok(Import(s.ConsortiumId, file, "application/x-ndjson"));
        var again = await Import(s.ConsortiumId, file, "application/x-ndjson");

        Assert.Equal(3, body.GetProperty("events").GetInt32()); // request, copy delivered, its charge
        Assert.Equal(422, again.Status);
        Assert.Equal(1, await s.LoanCount());
        // 25 pages, 10 free per copy, 15 at 0.20 = 3.00 to A; C pays it and the 0.26 fee.
        var nets = LoanScenario.Nets(await Api.Ok(s.Clearing("2026-10")));
        Assert.Equal(("3.00", "-3.26", "0.26"), (nets["A"], nets["C"], nets["_fund"]));
    }

    [Fact]
    public async Task Only_csv_or_json_lines_are_taken_and_an_unknown_consortium_is_not_found()
    {
        var s = await ThreeMembers();
        Assert.Equal(415, (await Import(s.ConsortiumId, "{}", "application/json")).Status);
        Assert.Equal(404, (await Import(Guid.NewGuid(), TheClearingCaseCsv)).Status);
        Assert.Equal(422, (await Import(s.ConsortiumId, "borrower,requestId,action\n")).Status);
    }

    [Fact]
    public async Task Weeks_of_loans_larger_than_the_service_wide_limit_import_on_this_route()
    {
        var s = await ThreeMembers();
        var file = new StringBuilder("borrower,requestId,action,on,lender,serviceType,serviceLevel,maxCost,dueDate,pages,note\n");
        var note = new string('n', 480);
        const int loans = 2_400; // about 1.3 MiB: over the 1 MiB every other route takes, under this route's 16 MiB
        for (var i = 0; i < loans; i++)
        {
            var borrower = i % 2 == 0 ? "A" : "B";
            file.Append($"{borrower},W{i},request,2026-10-05,C,loan,normal,,,,\n");
            file.Append($"{borrower},W{i},shipped,2026-10-06,,,,,2026-11-06,,{note}\n");
        }
        Assert.InRange(Encoding.UTF8.GetByteCount(file.ToString()), (1 << 20) + 1, 16 << 20);

        var body = await Api.Ok(Import(s.ConsortiumId, file.ToString()));

        // Each loan: its request, its shipment and the shipment's charge.
        Assert.Equal((2 * loans, loans, 3 * loans), (body.GetProperty("lines").GetInt32(), body.GetProperty("loans").GetInt32(), body.GetProperty("events").GetInt32()));
        Assert.Equal(loans, await s.LoanCount());
    }

    [Fact]
    public async Task A_file_over_the_routes_limit_is_a_413_and_records_nothing()
    {
        var s = await ThreeMembers();
        var file = "borrower,requestId,action,on,lender,serviceType,serviceLevel,maxCost,dueDate,pages,note\n" +
                   "A,R1,request,2026-10-05,C,loan,normal,,,," + new string(' ', (16 << 20) + 1) + "\n";

        var (status, body) = await Import(s.ConsortiumId, file);

        Assert.Equal(413, status);
        Assert.Equal(413, body.GetProperty("status").GetInt32());
        Assert.Equal(0, await s.LoanCount());
    }
}
