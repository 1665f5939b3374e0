using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace SharingLedger.Tests.Subscriptions.Sushi;

/// <summary>
/// A vendor's COUNTER_SUSHI server on a loopback port, answering <c>GET /sushi/r5/reports/tr</c> as vendors do. What it
/// answers depends on the customer_id's first word (each test uses its own customer id, so counts are per test):
/// <list type="bullet">
/// <item><c>report-…</c>: a Release 5 Title Report for institution sushi:111 with, per month asked for, Total_Item_Requests
/// split over two rows (Access_Type Controlled 100 + month number, OA_Gold 10).</item>
/// <item><c>queued-…</c>: exception 1011 Report Queued for Processing the first time, then the report.</item>
/// <item><c>nousage-…</c>: a report whose header carries exception 3030 No Usage Available for Requested Dates, no items.</item>
/// <item><c>broken-…</c>: HTTP 500 with an HTML page.</item>
/// <item><c>badkey-…</c>: HTTP 401 with exception 2020 APIKey Invalid, echoing the key it was given.</item>
/// </list>
/// </summary>
public sealed class LocalSushiServer : IAsyncLifetime
{
    private WebApplication _app = null!;
    public ConcurrentQueue<IQueryCollection> Requests { get; } = new();
    private readonly ConcurrentDictionary<string, int> _calls = new();

    public string BaseUrl { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapGet("/sushi/r5/reports/tr", Answer);
        await _app.StartAsync();
        BaseUrl = _app.Urls.Single() + "/sushi/r5";
    }

    /// <summary>COUNTER's JSON names as written (Report_Header, Code …): no camelCase.</summary>
    private static readonly JsonSerializerOptions AsWritten = new();

    public int CallsFor(string customerId) => _calls.GetValueOrDefault(customerId);

    private IResult Answer(HttpContext http)
    {
        var q = http.Request.Query;
        Requests.Enqueue(q);
        var customer = q["customer_id"].ToString();
        var call = _calls.AddOrUpdate(customer, 1, (_, n) => n + 1);
        var begin = LocalMonth(q["begin_date"].ToString());
        var end = LocalMonth(q["end_date"].ToString());
        return customer.Split('-')[0] switch
        {
            "report" => Results.Json(Report(begin, end), AsWritten),
            "queued" when call == 1 => Results.Json(new { Code = 1011, Severity = "Warning", Message = "Report Queued for Processing", Data = "Try again later" }, AsWritten, statusCode: 202),
            "queued" => Results.Json(Report(begin, end), AsWritten),
            "nousage" => Results.Json(Header(begin, end, [new { Code = 3030, Severity = "Error", Message = "No Usage Available for Requested Dates" }], []), AsWritten),
            "broken" => Results.Content("<html><body>Internal Server Error</body></html>", "text/html", statusCode: 500),
            "badkey" => Results.Json(new { Code = 2020, Severity = "Error", Message = "APIKey Invalid", Data = $"api_key {q["api_key"]} is not known" }, AsWritten, statusCode: 401),
            _ => Results.NotFound(),
        };
    }

    private static DateOnly LocalMonth(string text) => DateOnly.ParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static object Report(DateOnly begin, DateOnly end)
    {
        var months = new List<DateOnly>();
        for (var m = begin; m <= end; m = m.AddMonths(1)) months.Add(m);
        object Item(string accessType, Func<DateOnly, int> count) => new Dictionary<string, object>
        {
            ["Title"] = "Academic Search Complete", ["Platform"] = "EBSCOhost", ["Publisher"] = "EBSCO", ["Data_Type"] = "Journal",
            ["Section_Type"] = "Article", ["Access_Type"] = accessType, ["Access_Method"] = "Regular",
            ["Item_ID"] = new[] { new { Type = "Proprietary", Value = "EBSCO:asc" } },
            ["Performance"] = months.Select(m => new
            {
                Period = new { Begin_Date = m.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), End_Date = m.AddMonths(1).AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) },
                Instance = new[] { new { Metric_Type = "Total_Item_Requests", Count = count(m) } },
            }).ToArray(),
        };
        return Header(begin, end, [], [Item("Controlled", m => 100 + m.Month), Item("OA_Gold", _ => 10)]);
    }

    private static object Header(DateOnly begin, DateOnly end, object[] exceptions, object[] items) => new Dictionary<string, object>
    {
        ["Report_Header"] = new Dictionary<string, object>
        {
            ["Report_Name"] = "Title Master Report", ["Report_ID"] = "TR", ["Release"] = "5", ["Institution_Name"] = "Library A",
            ["Institution_ID"] = new[] { new { Type = "Proprietary", Value = "sushi:111" } }, ["Created"] = "2026-11-27T10:00:00Z",
            ["Created_By"] = "Local SUSHI", ["Exceptions"] = exceptions,
            ["Report_Filters"] = new[]
            {
                new { Name = "Begin_Date", Value = begin.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) },
                new { Name = "End_Date", Value = end.AddMonths(1).AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) },
            },
        },
        ["Report_Items"] = items,
    };

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
