using System.Text.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SharingLedger.Infrastructure.Marten;
using SharingLedger.Subscriptions.Sushi;
using SharingLedger.Tests.Support;
using Wolverine;

namespace SharingLedger.Tests.Subscriptions.Sushi;

/// <summary>
/// SUSHI harvesting against a vendor's server running beside the test host (<see cref="LocalSushiServer"/>): usage lands
/// through the COUNTER import, "report queued" and server errors are retried, final COUNTER exceptions are logged, and
/// the requestor id and API key never appear in an answer or in the stored connection.
/// </summary>
public class SushiHarvestTests(LedgerHost host, LocalSushiServer vendor) : LedgerTest(host), IClassFixture<LocalSushiServer>
{
    private const string ApiKey = "vendor-api-key-7f3c9a1e";
    private const string RequestorId = "requestor-5d21b8";

    private async Task<(SubscriptionScenario S, Guid Sub, string Url)> Connected(string behaviour, int? harvestDay = null)
    {
        var s = await SubscriptionScenario.Create(Api, new { rule = new { method = "proportional", attribute = "usage" } }, "USD",
            ("A", 1, "1.00"), ("B", 1, "1.00"));
        await Api.Ok(Api.Post($"/consortia/{s.ConsortiumId}/members/{s.Members["A"]}/identifiers", new { counterInstitutionIds = new[] { "sushi:111" } }));
        var sub = await s.Contract("1000.00", s.Participants("A", "B"), currency: "USD");
        var url = $"{s.Url}/{sub}/sushi";
        await Api.Ok(Api.Post(url, new
        {
            baseUrl = vendor.BaseUrl, customerId = $"{behaviour}-{Guid.NewGuid():N}", requestorId = RequestorId, apiKey = ApiKey,
            report = "tr", harvestDay,
        }));
        return (s, sub, url);
    }

    private async Task<JsonElement> Finished(string url, Guid harvestId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            var log = await Api.Ok(Api.Get($"{url}/harvests"));
            var harvest = log.EnumerateArray().FirstOrDefault(h => h.GetProperty("id").GetGuid() == harvestId);
            if (harvest.ValueKind == JsonValueKind.Object && harvest.GetProperty("status").GetString() is not ("queued" or "retrying")) return harvest;
            Assert.True(DateTime.UtcNow < deadline, $"The harvest did not finish: {harvest}");
            await Task.Delay(250, TestContext.Current.CancellationToken);
        }
    }

    private async Task<JsonElement> HarvestNow(string url, object body)
    {
        var queued = await Api.Ok(Api.Post($"{url}/harvests", body), 202);
        Assert.Equal("queued", queued.GetProperty("status").GetString());
        return await Finished(url, queued.GetProperty("id").GetGuid());
    }

    private async Task<Dictionary<string, long>> Usage(SubscriptionScenario s, Guid sub) =>
        (await Api.Ok(Api.Get($"{s.Url}/{sub}"))).GetProperty("usage").EnumerateArray()
        .ToDictionary(u => $"{u.GetProperty("periodStart").GetString()} {u.GetProperty("metric").GetString()}", u => u.GetProperty("count").GetInt64());

    [Fact]
    public async Task Harvest_now_imports_the_vendors_report_and_a_second_harvest_records_nothing()
    {
        var (s, sub, url) = await Connected("report");

        var harvest = await HarvestNow(url, new { begin = "2026-01", end = "2026-02" });

        Assert.True(harvest.GetProperty("status").GetString() == "imported", harvest.ToString());
        var attempt = Assert.Single(harvest.GetProperty("attempts").EnumerateArray());
        Assert.Equal(200, attempt.GetProperty("httpStatus").GetInt32());
        Assert.Equal(2, attempt.GetProperty("recorded").GetInt32());
        // Two rows per month (Controlled 100 + month, OA_Gold 10) are added: January 111, February 112.
        Assert.Equal(new Dictionary<string, long> { ["2026-01-01 Total_Item_Requests"] = 111, ["2026-02-01 Total_Item_Requests"] = 112 }, await Usage(s, sub));
        var asked = vendor.Requests.Last(q => q["customer_id"].ToString().StartsWith("report-", StringComparison.Ordinal));
        Assert.Equal(ApiKey, asked["api_key"].ToString());
        Assert.Equal(RequestorId, asked["requestor_id"].ToString());
        Assert.Equal("2026-01", asked["begin_date"].ToString());
        Assert.Equal("2026-02", asked["end_date"].ToString());

        var again = await HarvestNow(url, new { begin = "2026-01", end = "2026-02" });
        var second = Assert.Single(again.GetProperty("attempts").EnumerateArray());
        Assert.Equal(0, second.GetProperty("recorded").GetInt32());
        Assert.Equal(2, second.GetProperty("alreadyRecorded").GetInt32());
        Assert.Equal(2, (await Usage(s, sub)).Count);
    }

    [Fact]
    public async Task Report_queued_for_processing_is_tried_again_and_then_imported()
    {
        var (s, sub, url) = await Connected("queued");

        var harvest = await HarvestNow(url, new { begin = "2026-03", end = "2026-03" });

        Assert.True(harvest.GetProperty("status").GetString() == "imported", harvest.ToString());
        var attempts = harvest.GetProperty("attempts").EnumerateArray().ToList();
        Assert.Equal(2, attempts.Count);
        Assert.Equal("retry", attempts[0].GetProperty("outcome").GetString());
        Assert.Equal(1011, attempts[0].GetProperty("exceptionCode").GetInt32());
        Assert.Equal("Report Queued for Processing", attempts[0].GetProperty("exceptionMessage").GetString());
        Assert.Equal("imported", attempts[1].GetProperty("outcome").GetString());
        Assert.Equal(new Dictionary<string, long> { ["2026-03-01 Total_Item_Requests"] = 113 }, await Usage(s, sub));
    }

    [Fact]
    public async Task No_usage_available_is_logged_and_records_nothing()
    {
        var (s, sub, url) = await Connected("nousage");

        var harvest = await HarvestNow(url, new { begin = "2026-04", end = "2026-04" });

        Assert.Equal("noUsage", harvest.GetProperty("status").GetString());
        var attempt = Assert.Single(harvest.GetProperty("attempts").EnumerateArray());
        Assert.Equal(3030, attempt.GetProperty("exceptionCode").GetInt32());
        Assert.Equal("No Usage Available for Requested Dates", attempt.GetProperty("exceptionMessage").GetString());
        Assert.Empty(await Usage(s, sub));
    }

    [Fact]
    public async Task A_failing_server_is_tried_again_with_backoff_until_the_retries_are_used_up()
    {
        var (s, sub, url) = await Connected("broken");

        var harvest = await HarvestNow(url, new { begin = "2026-05", end = "2026-05" });

        // The test host allows two retries (Sushi:RetryDelays): three calls, the last one gives up.
        Assert.Equal("gaveUp", harvest.GetProperty("status").GetString());
        var attempts = harvest.GetProperty("attempts").EnumerateArray().ToList();
        Assert.Equal(["retry", "retry", "gaveUp"], attempts.Select(a => a.GetProperty("outcome").GetString()));
        Assert.All(attempts, a => Assert.Equal(500, a.GetProperty("httpStatus").GetInt32()));
        Assert.True(attempts[1].GetProperty("at").GetString()!.Length > 0);
        Assert.Empty(await Usage(s, sub));
    }

    [Fact]
    public async Task An_invalid_api_key_is_final_and_the_key_the_vendor_echoes_is_not_shown()
    {
        var (_, _, url) = await Connected("badkey");

        var harvest = await HarvestNow(url, new { begin = "2026-06", end = "2026-06" });

        Assert.Equal("failed", harvest.GetProperty("status").GetString());
        var attempt = Assert.Single(harvest.GetProperty("attempts").EnumerateArray());
        Assert.Equal(401, attempt.GetProperty("httpStatus").GetInt32());
        Assert.Equal(2020, attempt.GetProperty("exceptionCode").GetInt32());
        Assert.Equal("APIKey Invalid", attempt.GetProperty("exceptionMessage").GetString());
        var log = (await Api.Ok(Api.Get($"{url}/harvests"))).GetRawText();
        Assert.DoesNotContain(ApiKey, log, StringComparison.Ordinal);
        Assert.Contains("***", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Secrets_are_stored_encrypted_and_never_answered()
    {
        var (s, sub, url) = await Connected("report", harvestDay: 28);

        var connection = await Api.Ok(Api.Get(url));
        Assert.True(connection.GetProperty("apiKeySet").GetBoolean());
        Assert.True(connection.GetProperty("requestorIdSet").GetBoolean());
        Assert.Equal("2026-11-28T03:00:00Z", connection.GetProperty("nextHarvestAt").GetString());
        foreach (var answer in new[] { connection.GetRawText(), (await Api.Ok(Api.Get($"{url}/harvests"))).GetRawText(), (await Api.Ok(Api.Get($"{s.Url}/{sub}"))).GetRawText() })
        {
            Assert.DoesNotContain(ApiKey, answer, StringComparison.Ordinal);
            Assert.DoesNotContain(RequestorId, answer, StringComparison.Ordinal);
        }

        // Changing the URL keeps the key (left out); "" clears the requestor id.
        var changed = await Api.Ok(Api.Post(url, new { baseUrl = vendor.BaseUrl + "/", customerId = "report-x", requestorId = "" }));
        Assert.True(changed.GetProperty("apiKeySet").GetBoolean());
        Assert.False(changed.GetProperty("requestorIdSet").GetBoolean());

        await using var db = new NpgsqlConnection(Host.ConnectionString);
        await db.OpenAsync(TestContext.Current.CancellationToken);
        await using var read = new NpgsqlCommand("select data::text from ledger.mt_doc_sushiconnection where id = @id", db);
        read.Parameters.AddWithValue("id", sub);
        var stored = (string)(await read.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
        Assert.DoesNotContain(ApiKey, stored, StringComparison.Ordinal);
        Assert.Contains("protectedApiKey", stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_connection_is_refused_when_its_fields_are_wrong_and_harvesting_needs_one()
    {
        var s = await SubscriptionScenario.Create(Api, new { rule = new { method = "equal" } }, "USD", ("A", 1, "1.00"));
        var sub = await s.Contract("1000.00", s.Participants("A"), currency: "USD");
        var url = $"{s.Url}/{sub}/sushi";

        Assert.Equal(404, (await Api.Post($"{url}/harvests", new { })).Status);
        Assert.Equal(404, (await Api.Get(url)).Status);
        var (status, body) = await Api.Post(url, new { baseUrl = "http://sushi.vendor.example/r5", customerId = "", report = "xr", harvestDay = 29 });
        Assert.Equal(422, status);
        var errors = body.GetProperty("errors");
        foreach (var field in new[] { "baseUrl", "customerId", "report", "harvestDay" }) Assert.True(errors.TryGetProperty(field, out _), field);
        var (withKey, _) = await Api.Post(url, new { baseUrl = "https://sushi.vendor.example/r5?api_key=abc", customerId = "c" });
        Assert.Equal(422, withKey);

        await Api.Ok(Api.Post(url, new { baseUrl = "https://sushi.vendor.example/r5", customerId = "c" }));
        var (future, futureBody) = await Api.Post($"{url}/harvests", new { begin = "2026-10", end = "2027-01" });
        Assert.Equal(422, future);
        Assert.True(futureBody.GetProperty("errors").TryGetProperty("end", out _));
        Assert.Empty((await Api.Ok(Api.Get($"{url}/harvests"))).EnumerateArray());
    }

    [Fact]
    public async Task The_monthly_run_is_scheduled_durably_harvests_the_previous_month_and_schedules_the_next()
    {
        var (s, sub, url) = await Connected("report", harvestDay: 28);
        var store = Host.Host.Services.GetRequiredService<IDocumentStore>();
        await using var query = store.QueryFor(s.ConsortiumId);
        var connection = (await query.LoadAsync<SushiConnection>(sub, TestContext.Current.CancellationToken))!;

        // The next run waits in Wolverine's durable inbox (PostgreSQL) for 2026-11-28 03:00 UTC by the ledger's clock, which
        // says 2026-11-27 12:00: 15 hours from now.
        await using (var db = new NpgsqlConnection(Host.ConnectionString))
        {
            await db.OpenAsync(TestContext.Current.CancellationToken);
            await using var scheduled = new NpgsqlCommand(
                "select count(*) from ledger.wolverine_incoming_envelopes where status = 'Scheduled' and message_type like '%HarvestSushiMonthly%' " +
                "and execution_time between now() + interval '14 hours 55 minutes' and now() + interval '15 hours' and position(convert_to(@sub, 'UTF8') in body) > 0", db);
            scheduled.Parameters.AddWithValue("sub", sub.ToString());
            Assert.Equal(1L, (long)(await scheduled.ExecuteScalarAsync(TestContext.Current.CancellationToken))!);
        }

        // Run it now (the clock says 2026-11-27): it harvests October and schedules 2026-12-28.
        var bus = Host.Host.Services.GetRequiredService<IMessageBus>();
        var run = new HarvestSushiMonthly(s.ConsortiumId, sub, connection.ScheduleId, new DateTimeOffset(2026, 11, 28, 3, 0, 0, TimeSpan.Zero));
        await bus.InvokeForTenantAsync(ConsortiumTenancy.TenantOf(s.ConsortiumId), run, TestContext.Current.CancellationToken);
        await bus.InvokeForTenantAsync(ConsortiumTenancy.TenantOf(s.ConsortiumId), run, TestContext.Current.CancellationToken); // a copy: nothing

        var log = (await Api.Ok(Api.Get($"{url}/harvests"))).EnumerateArray().ToList();
        var monthly = Assert.Single(log);
        Assert.Equal("monthly", monthly.GetProperty("trigger").GetString());
        Assert.Equal("2026-10-01", monthly.GetProperty("begin").GetString());
        Assert.Equal("2026-10-31", monthly.GetProperty("end").GetString());
        var done = await Finished(url, monthly.GetProperty("id").GetGuid());
        Assert.Equal("imported", done.GetProperty("status").GetString());
        Assert.Equal(new Dictionary<string, long> { ["2026-10-01 Total_Item_Requests"] = 120 }, await Usage(s, sub));
        Assert.Equal("2026-12-28T03:00:00Z", (await Api.Ok(Api.Get(url))).GetProperty("nextHarvestAt").GetString());
    }
}
