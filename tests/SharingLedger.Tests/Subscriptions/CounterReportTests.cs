using System.Text.Json;
using NodaTime;
using SharingLedger.Subscriptions;

namespace SharingLedger.Tests.Subscriptions;

/// <summary>
/// Reading COUNTER reports without a database: Release 5.0 and 5.1 give the same figures, one title's rows (split by
/// Access_Type) are added, and Platform Reports are read by their platform. Figures from <see cref="CounterFixtures"/>.
/// </summary>
public class CounterReportTests
{
    private static IReadOnlyList<CounterRow> Read(string json, out IReadOnlyList<string> problems) =>
        CounterReport.Read(JsonDocument.Parse(json).RootElement, out problems);

    private static Dictionary<string, long> Figures(IEnumerable<CounterRow> rows, string item) =>
        rows.Where(r => r.ItemName == item).ToDictionary(r => $"{r.Begin:uuuu-MM}/{r.End:dd} {r.Metric}", r => r.Count);

    [Theory]
    [InlineData(CounterFixtures.TitleReport50)]
    [InlineData(CounterFixtures.TitleReport51)]
    public void A_titles_rows_for_one_month_and_metric_are_added_in_either_release(string json)
    {
        var rows = Read(json, out var problems);
        Assert.Empty(problems);
        Assert.Equal(new Dictionary<string, long>
        {
            ["2025-12/31 Total_Item_Requests"] = 7,
            ["2026-01/31 Total_Item_Requests"] = 42, // 30 Controlled + 12 OA_Gold
            ["2026-01/31 Unique_Item_Requests"] = 30,
        }, Figures(rows, "Academic Search Complete"));
        Assert.All(rows, r => Assert.Equal(["Proprietary:ebsco:111"], r.InstitutionIds));
        Assert.Equal(99, rows.Single(r => r.ItemName == "Another Journal").Count);
    }

    [Fact]
    public void A_platform_report_is_read_by_its_platform()
    {
        var rows = Read(CounterFixtures.PlatformReport51, out var problems);
        Assert.Empty(problems);
        Assert.Equal(new Dictionary<string, long> { ["2025-12/31 Searches_Platform"] = 5, ["2026-01/31 Searches_Platform"] = 42 },
            Figures(rows, "Academic Search Complete"));
        Assert.Equal(new LocalDate(2026, 1, 1), rows.Single(r => r.Count == 42).Begin);
    }

    [Fact]
    public void A_bad_month_or_count_in_a_51_report_is_named_once()
    {
        var json = CounterFixtures.TitleReport51.Replace("\"2026-01\": 30", "\"January\": 30").Replace("\"2026-01\": 12", "\"2026-01\": -1");
        Read(json, out var problems);
        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, p => p.Contains("'January' is not a month"));
        Assert.Contains(problems, p => p.Contains("Total_Item_Requests.2026-01"));
    }
}
