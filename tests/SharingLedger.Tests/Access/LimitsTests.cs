using Alba;
using SharingLedger.Tests.Loans;
using SharingLedger.Tests.Subscriptions;
using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Access;

public class LimitsTests(LedgerHost host) : LedgerTest(host)
{
    [Fact]
    public async Task Lists_are_paged_and_a_page_over_the_cap_is_refused()
    {
        var s = await LoanScenario.WithDefaultFees(Host, Api, "A", "B");
        for (var i = 0; i < 3; i++) await s.Request("A", "B");

        var page = await Host.Host.Scenario(x => x.Get.Url($"{s.Url}?limit=2&offset=1"));
        var items = await page.ReadAsJsonAsync<System.Text.Json.JsonElement>();
        var (tooBig, body) = await Api.Get($"{s.Url}?limit=501");

        Assert.Equal(2, items.GetArrayLength());
        Assert.Equal("3", page.Context.Response.Headers["X-Total-Count"].ToString());
        Assert.Equal(422, tooBig);
        Assert.True(body.GetProperty("errors").TryGetProperty("limit", out _));
    }

    [Fact]
    public async Task A_page_links_to_the_next_and_previous_pages()
    {
        var s = await LoanScenario.WithDefaultFees(Host, Api, "A", "B");
        for (var i = 0; i < 3; i++) await s.Request("A", "B");

        var middle = await Host.Host.Scenario(x => x.Get.Url($"{s.Url}?limit=1&offset=1"));
        var last = await Host.Host.Scenario(x => x.Get.Url($"{s.Url}?limit=2&offset=2"));

        var links = middle.Context.Response.Headers.Link.ToString();
        Assert.Contains($"<{s.Url}?limit=1&offset=2>; rel=\"next\"", links);
        Assert.Contains($"<{s.Url}?limit=1&offset=0>; rel=\"prev\"", links);
        Assert.Equal($"<{s.Url}?limit=2&offset=0>; rel=\"first\", <{s.Url}?limit=2&offset=0>; rel=\"prev\"", last.Context.Response.Headers.Link.ToString());
    }

    [Fact]
    public async Task An_import_over_the_row_limit_is_refused_with_a_clear_problem_and_records_nothing()
    {
        var s = await SubscriptionScenario.Create(Api, new { rule = new { method = "equal" } }, "USD", ("A", 1, "1.00"));
        await Api.Ok(Api.Post($"/consortia/{s.ConsortiumId}/members/{s.Members["A"]}/identifiers", new { counterInstitutionIds = new[] { "x:1" } }));
        var sub = await s.Contract("1.00", s.Participants("A"), currency: "USD");
        var report = new Dictionary<string, object>
        {
            ["Report_Header"] = new Dictionary<string, object>
            {
                ["Report_ID"] = "DR", ["Institution_Name"] = "A",
                ["Institution_ID"] = new[] { new Dictionary<string, string> { ["Type"] = "x", ["Value"] = "1" } },
            },
            ["Report_Items"] = new[]
            {
                new Dictionary<string, object>
                {
                    ["Database"] = "Academic Search Complete",
                    ["Performance"] = Enumerable.Range(0, 1001).Select(i => new Dictionary<string, object>
                    {
                        ["Period"] = new Dictionary<string, string> { ["Begin_Date"] = "2026-01-01", ["End_Date"] = "2026-01-31" },
                        ["Instance"] = new[] { new Dictionary<string, object> { ["Metric_Type"] = $"Metric_{i}", ["Count"] = 1 } },
                    }).ToArray(),
                },
            },
        };

        var (status, body) = await Api.Post($"{s.Url}/{sub}/usage/counter", report);

        Assert.Equal(422, status);
        Assert.Contains("at most 1000", body.GetProperty("errors").GetProperty("report")[0].GetString());
        Assert.Equal(0, (await Api.Ok(Api.Get($"{s.Url}/{sub}"))).GetProperty("usage").GetArrayLength());
    }
}
