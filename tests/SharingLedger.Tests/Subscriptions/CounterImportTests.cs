using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Subscriptions;

public class CounterImportTests(LedgerHost host) : LedgerTest(host)
{
    private static object Report(string institutionValue, string database, params (string Month, string Metric, long Count)[] figures) => new Dictionary<string, object>
    {
        ["Report_Header"] = new Dictionary<string, object>
        {
            ["Report_Name"] = "Database Master Report", ["Report_ID"] = "DR", ["Release"] = "5",
            ["Institution_Name"] = "Library " + institutionValue, ["Created"] = "2026-04-02T10:00:00Z",
            ["Institution_ID"] = new[] { new Dictionary<string, string> { ["Type"] = "Proprietary", ["Value"] = institutionValue } },
            ["Report_Filters"] = new[] { new Dictionary<string, string> { ["Name"] = "Begin_Date", ["Value"] = "2026-01-01" } },
        },
        ["Report_Items"] = new[]
        {
            new Dictionary<string, object>
            {
                ["Database"] = database, ["Publisher"] = "EBSCO", ["Platform"] = "EBSCOhost", ["Data_Type"] = "Database", ["Access_Method"] = "Regular",
                ["Performance"] = figures.Select(f => new Dictionary<string, object>
                {
                    ["Period"] = new Dictionary<string, string> { ["Begin_Date"] = f.Month + "-01", ["End_Date"] = f.Month == "2026-02" ? "2026-02-28" : f.Month + "-31" },
                    ["Instance"] = new[] { new Dictionary<string, object> { ["Metric_Type"] = f.Metric, ["Count"] = f.Count } },
                }).ToArray(),
            },
        },
    };

    private async Task<(SubscriptionScenario S, Guid Sub)> UsageSplit()
    {
        var s = await SubscriptionScenario.Create(Api, new { rule = new { method = "proportional", attribute = "usage" } }, "USD",
            ("A", 1, "1.00"), ("B", 1, "1.00"), ("C", 1, "1.00"));
        await Api.Ok(Api.Post($"/consortia/{s.ConsortiumId}/members/{s.Members["A"]}/identifiers", new { counterInstitutionIds = new[] { "Proprietary:ebsco:111" } }));
        await Api.Ok(Api.Post($"/consortia/{s.ConsortiumId}/members/{s.Members["B"]}/identifiers", new { counterInstitutionIds = new[] { "ebsco:222" } }));
        var sub = await s.Contract("1000.00", s.Participants("A", "B"), currency: "USD");
        return (s, sub);
    }

    [Fact]
    public async Task Reports_are_mapped_to_members_and_drive_a_usage_split()
    {
        var (s, sub) = await UsageSplit();
        var reports = new[]
        {
            Report("ebsco:111", "Academic Search Complete", ("2026-01", "Total_Item_Requests", 300), ("2026-01", "Unique_Item_Requests", 250), ("2026-02", "Total_Item_Requests", 300)),
            Report("ebsco:222", "Academic Search Complete", ("2026-01", "Total_Item_Requests", 400)),
        };

        var result = await Api.Ok(Api.Post($"{s.Url}/{sub}/usage/counter", reports));
        Assert.Equal(4, result.GetProperty("recorded").GetInt32());
        await Api.Ok(s.Invoice(sub, "1000.00", "USD"), 201);

        // Total_Item_Requests: A 600, B 400.
        Assert.Equal(new Dictionary<string, string> { ["A"] = "600.00", ["B"] = "400.00" }, await s.Shares(sub));

        var again = await Api.Ok(Api.Post($"{s.Url}/{sub}/usage/counter", reports));
        Assert.Equal(0, again.GetProperty("recorded").GetInt32());
        Assert.Equal(4, again.GetProperty("alreadyRecorded").GetInt32());
    }

    [Fact]
    public async Task Unknown_institutions_are_reported_back_and_nothing_is_recorded()
    {
        var (s, sub) = await UsageSplit();
        var reports = new[]
        {
            Report("ebsco:111", "Academic Search Complete", ("2026-01", "Total_Item_Requests", 300)),
            Report("ebsco:999", "Academic Search Complete", ("2026-01", "Total_Item_Requests", 400)),
        };

        var (status, body) = await Api.Post($"{s.Url}/{sub}/usage/counter", reports);

        Assert.Equal(422, status);
        Assert.Contains("ebsco:999", body.GetProperty("errors").GetProperty("Report_Header.Institution_ID")[0].GetString());
        Assert.Equal(0, (await Api.Ok(Api.Get($"{s.Url}/{sub}"))).GetProperty("usage").GetArrayLength());
    }

    [Fact]
    public async Task Usage_of_a_member_who_does_not_take_part_is_refused()
    {
        var (s, sub) = await UsageSplit();
        await Api.Ok(Api.Post($"/consortia/{s.ConsortiumId}/members/{s.Members["C"]}/identifiers", new { counterInstitutionIds = new[] { "ebsco:333" } }));

        var (status, _) = await Api.Post($"{s.Url}/{sub}/usage/counter", Report("ebsco:333", "Academic Search Complete", ("2026-01", "Total_Item_Requests", 5)));

        Assert.Equal(422, status);
    }

    [Fact]
    public async Task A_report_that_is_not_counter_is_a_422()
    {
        var (s, sub) = await UsageSplit();

        var (status, body) = await Api.Post($"{s.Url}/{sub}/usage/counter", new { hello = "world" });

        Assert.Equal(422, status);
        Assert.True(body.GetProperty("errors").TryGetProperty("report", out _));
    }

    [Fact]
    public async Task An_identifier_can_belong_to_one_member_only()
    {
        var (s, _) = await UsageSplit();

        var (status, _) = await Api.Post($"/consortia/{s.ConsortiumId}/members/{s.Members["C"]}/identifiers", new { counterInstitutionIds = new[] { "EBSCO:222" } });

        Assert.Equal(409, status);
    }

    [Fact]
    public async Task A_51_title_report_is_summed_months_outside_the_term_are_noted_once_and_a_re_import_records_nothing()
    {
        var (s, sub) = await UsageSplit();
        var body = System.Text.Json.JsonDocument.Parse(CounterFixtures.TitleReport51).RootElement;

        var result = await Api.Ok(Api.Post($"{s.Url}/{sub}/usage/counter", body));
        Assert.Equal(2, result.GetProperty("recorded").GetInt32()); // January: Total 42, Unique 30
        var note = Assert.Single(result.GetProperty("notes").EnumerateArray()).GetString()!;
        Assert.Contains("2025-12", note);
        var usage = (await Api.Ok(Api.Get($"{s.Url}/{sub}"))).GetProperty("usage").EnumerateArray()
            .ToDictionary(u => u.GetProperty("metric").GetString()!, u => u.GetProperty("count").GetInt64());
        Assert.Equal(new Dictionary<string, long> { ["Total_Item_Requests"] = 42, ["Unique_Item_Requests"] = 30 }, usage);

        // The same report again, and the same figures in Release 5.0's shape: nothing new.
        foreach (var json in new[] { CounterFixtures.TitleReport51, CounterFixtures.TitleReport50 })
        {
            var again = await Api.Ok(Api.Post($"{s.Url}/{sub}/usage/counter", System.Text.Json.JsonDocument.Parse(json).RootElement));
            Assert.Equal((0, 2), (again.GetProperty("recorded").GetInt32(), again.GetProperty("alreadyRecorded").GetInt32()));
        }
    }

    [Fact]
    public async Task A_platform_report_is_imported_for_the_platform_the_subscription_is_for()
    {
        var (s, sub) = await UsageSplit();
        var result = await Api.Ok(Api.Post($"{s.Url}/{sub}/usage/counter", System.Text.Json.JsonDocument.Parse(CounterFixtures.PlatformReport51).RootElement));
        Assert.Equal(1, result.GetProperty("recorded").GetInt32());
        Assert.Equal(42, (await Api.Ok(Api.Get($"{s.Url}/{sub}"))).GetProperty("usage")[0].GetProperty("count").GetInt64());
    }
}
