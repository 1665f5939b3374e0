using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Alba;
using Marten;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Npgsql;
using SharingLedger.Infrastructure.Answers;
using SharingLedger.Infrastructure.Marten;
using SharingLedger.Tests.Loans;
using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Infrastructure;

/// <summary>
/// A member's obligations and statement are stored as sent and sent again while nothing they come from has changed. To see
/// which answer comes back, the tests overwrite the stored JSON in the database with a marker: while the marker comes back, the
/// stored answer was sent; once a change it depends on commits, the answer is worked out again and the marker is gone.
/// </summary>
public class StoredAnswersTests(LedgerHost host) : LedgerTest(host)
{
    [Fact]
    public async Task Obligations_are_sent_as_stored_until_a_fact_of_the_member_or_of_the_consortium_changes()
    {
        var s = await LoanScenario.WithDefaultFees(Host, Api, "A", "B", "C", "D");
        var (c, a, b) = (s.ConsortiumId, s.Members["A"], s.Members["B"]);
        Assert.False(Marked(await Obligations(c, a)));
        Assert.False(Marked(await Obligations(c, b)));

        await Mark(a, "obligations");
        await Mark(b, "obligations");
        Assert.True(Marked(await Obligations(c, a)));                       // the stored answer
        Assert.True(Marked(await Obligations(c, a, "fiscalYear=2026")));    // the same question: the current year, named
        Assert.False(Marked(await Obligations(c, a, "fiscalYear=2025")));   // another year is worked out, not stored
        Assert.False(Marked(await Obligations(c, a, "asOf=2026-11-01")));   // so is a past date
        Assert.True(Marked(await Obligations(c, a)));                       // and neither replaced the stored answer

        await s.Request("C", "D"); // a loan between two other members changes nothing of A's or B's
        Assert.True(Marked(await Obligations(c, a)));
        Assert.True(Marked(await Obligations(c, b)));

        var loan = await s.Request("A", "B"); // A borrows from B: both answers change
        var borrower = await Obligations(c, a);
        var lender = await Obligations(c, b);
        Assert.False(Marked(borrower));
        Assert.False(Marked(lender));
        Assert.Equal(1, Lending(borrower).GetProperty("requestsCounted").GetInt32());

        await Mark(a, "obligations");
        await s.Do(loan, "shipped", new { on = "2026-11-27" }); // a step that does not name the parties: found from the loan
        var shipped = await Obligations(c, a);
        Assert.False(Marked(shipped));
        Assert.Equal(1, Lending(shipped).GetProperty("borrowed").GetInt64());

        await Mark(a, "obligations");
        await Api.AdmitMember(c, "E"); // a fact of the whole consortium
        Assert.False(Marked(await Obligations(c, a)));

        await Mark(a, "obligations");
        await Sql("update ledger.stored_answer set build = 'an earlier build' where member_id = $1", a); // stored by another version of the service
        Assert.False(Marked(await Obligations(c, a)));
    }

    [Fact]
    public async Task The_statement_is_sent_as_stored_with_its_paging_headers_until_the_account_changes()
    {
        var (c, a) = await MemberAssessed500();
        var first = await Statement(c, a);
        Assert.False(Marked(first.Body));
        Assert.Equal("1", first.Total);

        await Mark(a, "statement");
        var again = await Statement(c, a);
        Assert.True(Marked(again.Body));
        Assert.Equal("1", again.Total); // the headers as the worked-out answer had them
        Assert.False(Marked((await Statement(c, a, "limit=10")).Body)); // a page asked for is worked out

        await Pay200(c, a);
        var paid = await Statement(c, a);
        Assert.False(Marked(paid.Body));
        Assert.Equal("2", paid.Total);
        Assert.Equal("300.00", paid.Body.GetProperty("closingBalance").GetProperty("amount").GetString()); // 500.00 assessed − 200.00 paid
    }

    [Fact]
    public async Task A_client_that_accepts_gzip_gets_the_same_JSON_compressed()
    {
        var s = await LoanScenario.WithDefaultFees(Host, Api, "A", "B");
        var url = $"/consortia/{s.ConsortiumId}/members/{s.Members["A"]}/obligations";
        foreach (var _ in new[] { "worked out", "stored" })
        {
            var plain = await Host.Host.Scenario(x => x.Get.Url(url));
            var compressed = await Host.Host.Scenario(x =>
            {
                x.Get.Url(url);
                x.WithRequestHeader("Accept-Encoding", "br;q=1.0, gzip;q=0.8");
            });
            Assert.Equal("", plain.Context.Response.Headers.ContentEncoding.ToString());
            Assert.Equal("gzip", compressed.Context.Response.Headers.ContentEncoding.ToString());
            Assert.Equal("Accept-Encoding", compressed.Context.Response.Headers.Vary.ToString());
            Assert.StartsWith("application/json", compressed.Context.Response.ContentType);
            await using var inflated = new GZipStream(compressed.Context.Response.Body, CompressionMode.Decompress);
            Assert.Equal(await plain.ReadAsTextAsync(), await new StreamReader(inflated).ReadToEndAsync(TestContext.Current.CancellationToken));
            Assert.Equal("A", JsonDocument.Parse(await plain.ReadAsTextAsync()).RootElement.GetProperty("memberCode").GetString());
        }
    }

    [Fact]
    public async Task An_answer_worked_out_while_a_change_commits_is_stored_out_of_date()
    {
        var s = await LoanScenario.WithDefaultFees(Host, Api, "A", "B");
        var (c, a) = (s.ConsortiumId, s.Members["A"]);
        var store = Host.Host.Services.GetRequiredService<IDocumentStore>();
        await using var session = store.QuerySession(ConsortiumTenancy.TenantOf(c));
        var zone = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];
        var day = LedgerHost.Now.InZone(zone).Date;

        // A reader reads the stamps and starts working the answer out; before it stores it, A borrows.
        var read = await StoredAnswers.ReadAsync(session, "obligations", a, LedgerHost.Now, TestContext.Current.CancellationToken);
        await s.Request("A", "B");
        await StoredAnswers.StoreAsync(session, read, "obligations", a, new StoredAnswer(Gzip("{\"marked\":true}"), 2026), zone, day,
            TestContext.Current.CancellationToken);

        Assert.Null((await StoredAnswers.ReadAsync(session, "obligations", a, LedgerHost.Now, TestContext.Current.CancellationToken)).Body);
        var answer = await Obligations(c, a);
        Assert.False(Marked(answer));
        Assert.Equal(1, Lending(answer).GetProperty("requestsCounted").GetInt32());
    }

    [Fact]
    public async Task A_request_that_finds_an_answer_stale_while_it_is_being_worked_out_waits_for_that_work()
    {
        var s = await LoanScenario.WithDefaultFees(Host, Api, "A", "B");
        var (c, a) = (s.ConsortiumId, s.Members["A"]);
        Assert.False(Marked(await Obligations(c, a)));
        await s.Request("A", "B"); // the stored answer is stale now
        var store = Host.Host.Services.GetRequiredService<IDocumentStore>();
        await using var session = store.QuerySession(ConsortiumTenancy.TenantOf(c));
        var read = await StoredAnswers.ReadAsync(session, "obligations", a, LedgerHost.Now, TestContext.Current.CancellationToken);
        Assert.Null(read.Body);

        // Another request of this node is working the answer out (it will answer with a marker); one arriving meanwhile waits for it.
        var gate = new TaskCompletionSource<IResult>();
        var flights = Host.Host.Services.GetRequiredService<AnswerFlights>();
        var inFlight = flights.ShareAsync(session.TenantId, "obligations", a, "", read, LedgerHost.Now, () => gate.Task, TestContext.Current.CancellationToken);
        var arriving = Obligations(c, a);
        for (var waited = 0; flights.Waiting == 0 && !arriving.IsCompleted && waited < 30_000; waited += 10) await Task.Delay(10, TestContext.Current.CancellationToken);
        gate.SetResult(new StoredAnswerResult(Gzip("{\"marked\":true}")));
        Assert.True(Marked(await arriving));
        await inFlight;

        // Nothing is kept once it has landed: the next request works the answer out, with the loan.
        var after = await Obligations(c, a);
        Assert.False(Marked(after));
        Assert.Equal(1, Lending(after).GetProperty("requestsCounted").GetInt32());
    }

    [Fact]
    public async Task Statements_asked_at_once_after_a_change_all_have_the_change_and_their_paging_headers()
    {
        var (c, a) = await MemberAssessed500();
        Assert.Equal("1", (await Statement(c, a)).Total);
        await Pay200(c, a);

        var pages = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Statement(c, a)));
        foreach (var (body, total) in pages)
        {
            Assert.Equal("2", total);
            Assert.Equal("300.00", body.GetProperty("closingBalance").GetProperty("amount").GetString());
        }
    }

    [Fact]
    public async Task Imported_loans_make_the_consortiums_stored_answers_out_of_date()
    {
        var s = await LoanScenario.WithDefaultFees(Host, Api, "A", "B");
        var (c, a) = (s.ConsortiumId, s.Members["A"]);
        Assert.False(Marked(await Obligations(c, a)));
        await Mark(a, "obligations");

        await Api.Ok(LoanImportTests.Import(Host, c,
            "borrower,requestId,action,on,lender,serviceType,serviceLevel,maxCost,dueDate,pages,note\n" +
            "A,R1,request,2026-10-05,B,loan,normal,,,,\n" +
            "A,R1,shipped,2026-10-05,,,,,2026-11-05,,\n"));

        var answer = await Obligations(c, a);
        Assert.False(Marked(answer));
        Assert.Equal(1, Lending(answer).GetProperty("borrowed").GetInt64());
    }

    /// <summary>A consortium of two members whose dues of 1,000.00 are assessed: member A owes 500.00.</summary>
    internal async Task<(Guid Consortium, Guid A)> MemberAssessed500()
    {
        var c = await Api.EstablishConsortium();
        var a = await Api.AdmitMember(c, "A");
        var b = await Api.AdmitMember(c, "B");
        await Api.Ok(Api.AdoptAgreement(c, [a, b], new { method = "equal" }, annualAmount: "1000.00"), 201);
        await Api.Ok(Api.AssessDues(c, 2026), 201);
        return (c, a);
    }

    internal Task Pay200(Guid c, Guid member) => Api.Ok(Api.Post($"/consortia/{c}/members/{member}/account/payments",
        new { amount = new { amount = "200.00", currency = "USD" }, bankReference = "PAY-1", receivedOn = "2026-11-20" }), 201);

    /// <summary>
    /// A member's first page of subscriptions (what its system polls; at national size worked out from every subscription document) is
    /// stored as sent, with its paging headers, until a fact of the consortium changes; a page asked for by limit or offset is worked out.
    /// </summary>
    [Fact]
    public async Task A_members_subscriptions_are_sent_as_stored_until_a_subscription_changes()
    {
        var s = await SharingLedger.Tests.Subscriptions.SubscriptionScenario.Create(Api, new { rule = new { method = "equal" } }, "CNY",
            ("A", 1, "1.00"), ("B", 1, "1.00"), ("C", 1, "1.00"));
        var (c, a) = (s.ConsortiumId, s.Members["A"]);
        var shared = await s.Contract("30000.00", s.Participants("A", "B"));
        var (first, total) = await Subscriptions(c, a);
        Assert.Equal(("1", JsonValueKind.Null), (total, first[0].GetProperty("terms")[0].GetProperty("share").ValueKind));

        await Mark(a, "subscriptions");
        var (marked, markedTotal) = await Subscriptions(c, a);
        Assert.True(Marked(marked));                                                        // the stored page
        Assert.Equal("1", markedTotal);                                                     // with its total
        Assert.False(Marked((await Subscriptions(c, a, "limit=1")).Body));                  // a page asked for is worked out

        Assert.Equal(201, (await s.Invoice(shared, "30000.00")).Status);                    // the term is split: A's share changes
        var (split, _) = await Subscriptions(c, a);
        Assert.False(Marked(split));
        Assert.Equal("15000.00", split[0].GetProperty("terms")[0].GetProperty("share").GetProperty("amount").GetProperty("amount").GetString());

        Assert.Equal(404, (await Host.Host.Scenario(x =>
        {
            x.Get.Url($"/consortia/{c}/members/{Guid.NewGuid()}/subscriptions");
            x.StatusCodeShouldBe(404);
        })).Context.Response.StatusCode);
    }

    private async Task<(JsonElement Body, string Total)> Subscriptions(Guid c, Guid m, string? query = null)
    {
        var result = await Host.Host.Scenario(x => x.Get.Url($"/consortia/{c}/members/{m}/subscriptions{(query is null ? "" : "?" + query)}"));
        var body = JsonDocument.Parse(await result.ReadAsTextAsync()).RootElement.Clone();
        return (body, result.Context.Response.Headers["X-Total-Count"].ToString());
    }

    internal async Task<JsonElement> Obligations(Guid c, Guid m, string? query = null) =>
        await Api.Ok(Api.Get($"/consortia/{c}/members/{m}/obligations{(query is null ? "" : "?" + query)}"));

    private async Task<(JsonElement Body, string Total)> Statement(Guid c, Guid m, string? query = null)
    {
        var result = await Host.Host.Scenario(x => x.Get.Url($"/consortia/{c}/members/{m}/statement{(query is null ? "" : "?" + query)}"));
        var body = JsonDocument.Parse(await result.ReadAsTextAsync()).RootElement.Clone();
        return (body, result.Context.Response.Headers["X-Total-Count"].ToString());
    }

    internal static JsonElement Lending(JsonElement obligations) =>
        obligations.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("kind").GetString() == "lending").GetProperty("lending");

    internal static bool Marked(JsonElement answer) => answer.ValueKind == JsonValueKind.Object && answer.TryGetProperty("marked", out _);

    /// <summary>Overwrites the member's stored answer with a marker (there must be one).</summary>
    internal async Task Mark(Guid member, string kind) =>
        Assert.Equal(1, await Sql("update ledger.stored_answer set body = $3 where member_id = $1 and kind = $2", member, kind, Gzip("{\"marked\":true}")));

    /// <summary>A stored answer's body: its JSON, gzip-compressed.</summary>
    private static byte[] Gzip(string json)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(Encoding.UTF8.GetBytes(json));
        return buffer.ToArray();
    }

    private async Task<int> Sql(string sql, params object[] args)
    {
        await using var connection = new NpgsqlConnection(Host.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var arg in args) command.Parameters.Add(new NpgsqlParameter { Value = arg });
        return await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }
}

/// <summary>A stored answer holds for the consortium's day it was worked out on. Runs alone because it moves the shared test clock.</summary>
[Collection("alone")]
public class StoredAnswersDayTests(LedgerHost host) : LedgerTest(host)
{
    [Fact]
    public async Task A_stored_answer_is_not_sent_on_another_day()
    {
        var answers = new StoredAnswersTests(Host);
        var s = await LoanScenario.WithDefaultFees(Host, Api, "A", "B");
        var (c, a) = (s.ConsortiumId, s.Members["A"]);
        Assert.False(StoredAnswersTests.Marked(await answers.Obligations(c, a)));
        await answers.Mark(a, "obligations");
        try
        {
            Host.Clock.Reset(LedgerHost.Now.Plus(Duration.FromDays(1)));
            Assert.False(StoredAnswersTests.Marked(await answers.Obligations(c, a)));
            await answers.Mark(a, "obligations");
            Host.Clock.Reset(LedgerHost.Now); // back to the day before: the answer was stored for the next day
            Assert.False(StoredAnswersTests.Marked(await answers.Obligations(c, a)));
        }
        finally
        {
            Host.Clock.Reset(LedgerHost.Now);
        }
    }
}
