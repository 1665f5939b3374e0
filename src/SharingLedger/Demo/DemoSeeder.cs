using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using NodaTime;
using SharingLedger.Infrastructure.Json;

namespace SharingLedger.Demo;

/// <summary>
/// With <c>Demo:Seed=true</c>, seeds a demo consortium through the service's own HTTP API once it is
/// listening (so the demo passes the same checks as any client), then prints where to look.
/// Seeding is skipped when the demo consortium already exists.
/// </summary>
public sealed class DemoSeeder(IHostApplicationLifetime lifetime, IServer server, IClock clock, ILogger<DemoSeeder> log,
    Access.DemoCredentials credentials, IConfiguration configuration) : BackgroundService
{
    private static readonly JsonSerializerOptions Json = LedgerJson.ConfigureForHttp(new JsonSerializerOptions());

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        using var _ = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await started.Task.WaitAsync(stoppingToken);

        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://127.0.0.1:5080";
        using var http = new HttpClient { BaseAddress = new Uri(address.Replace("0.0.0.0", "127.0.0.1").Replace("[::]", "127.0.0.1")) };
        var operatorKey = credentials.OperatorKey ?? configuration["Auth:OperatorKeys:0:Key"];
        if (operatorKey is null)
        {
            log.LogError("The demo needs an operator key (Auth:OperatorKeys:0:Key) to seed through the API.");
            return;
        }
        http.DefaultRequestHeaders.Add("X-Api-Key", operatorKey);
        try
        {
            var year = clock.GetCurrentInstant().InZone(DateTimeZoneProviders.Tzdb["Asia/Shanghai"]).Year;
            var (consortiumId, sample) = await SeedAsync(http, year, stoppingToken);
            var second = await MemberIdAsync(http, consortiumId, "GZPL", stoppingToken);
            var memberKey = await IssueKeyAsync(http, consortiumId, "demo member system", "member", sample, stoppingToken);
            var secondKey = await IssueKeyAsync(http, consortiumId, "demo member system of GZPL", "member", second, stoppingToken);
            var financeKey = await IssueKeyAsync(http, consortiumId, "demo finance officer", "finance", null, stoppingToken);
            var auditorKey = await IssueKeyAsync(http, consortiumId, "demo council auditor", "auditor", null, stoppingToken);
            Console.WriteLine();
            Console.WriteLine($"SharingLedger console: {http.BaseAddress}   (sign in with one of these keys)");
            Console.WriteLine($"  finance officer:                    {financeKey}");
            Console.WriteLine($"  council auditor:                    {auditorKey}");
            Console.WriteLine($"  member library SYSU:                {memberKey}");
            Console.WriteLine($"  member library GZPL:                {secondKey}");
            Console.WriteLine();
            Console.WriteLine($"The API at {http.BaseAddress} (send a key as the X-Api-Key header):");
            Console.WriteLine($"  Demo consortium:     {http.BaseAddress}consortia/{consortiumId}");
            Console.WriteLine($"  Its members:         {http.BaseAddress}consortia/{consortiumId}/members");
            Console.WriteLine($"  A member's dues:     {http.BaseAddress}consortia/{consortiumId}/members/{sample}/obligations?fiscalYear={year}");
            Console.WriteLine($"  API reference:       {http.BaseAddress}scalar");
            Console.WriteLine($"  operator (admin, finance, auditor; API only): {operatorKey}");
            Console.WriteLine($"  e.g. curl -H 'X-Api-Key: {memberKey}' '{http.BaseAddress}consortia/{consortiumId}/members/{sample}/obligations?fiscalYear={year}'");
            Console.WriteLine("Press Ctrl+C to stop (the embedded PostgreSQL stops with it).");
        }
        catch (Exception e) when (e is HttpRequestException or InvalidOperationException)
        {
            log.LogError(e, "Seeding the demo consortium failed");
        }
    }

    private async Task<(Guid Consortium, Guid SampleMember)> SeedAsync(HttpClient http, int year, CancellationToken ct)
    {
        var existing = (await http.GetFromJsonAsync<JsonElement>("consortia", Json, ct)).EnumerateArray()
            .FirstOrDefault(c => c.GetProperty("name").GetString() == DemoLibraries.ConsortiumName);
        if (existing.ValueKind == JsonValueKind.Object)
        {
            var id = existing.GetProperty("id").GetGuid();
            var members = await http.GetFromJsonAsync<JsonElement>($"consortia/{id}/members", Json, ct);
            return (id, members.EnumerateArray().First(m => m.GetProperty("code").GetString() == "SYSU").GetProperty("id").GetGuid());
        }

        var consortium = await PostAsync(http, "consortia", new
        {
            name = DemoLibraries.ConsortiumName, region = "Guangdong, China", organisationModel = "multiLevel",
            governanceModel = "council", baseCurrency = "CNY", fiscalYearStartMonth = 1, timeZone = "Asia/Shanghai",
        }, ct);
        var ids = new Dictionary<string, Guid>();
        foreach (var lib in DemoLibraries.All)
        {
            ids[lib.Code] = await PostAsync(http, $"consortia/{consortium}/members", new
            {
                code = lib.Code, name = lib.Name, kind = lib.Kind, fte = lib.Fte, population = lib.Population,
                materialsBudget = new { amount = lib.Budget, currency = "CNY" },
                hubId = lib.Hub is null ? (Guid?)null : ids[lib.Hub], effectiveFrom = $"{year - 1}-01-01",
            }, ct);
        }
        await PostAsync(http, $"consortia/{consortium}/agreement/versions", new
        {
            version = 1, effectiveFrom = $"{year - 1}-01-01", signatories = ids.Values,
            dues = new
            {
                annualAmount = new { amount = "1200000.00", currency = "CNY" },
                rule = new { method = "weighted", equalBase = 0.2m, weights = new Dictionary<string, decimal> { ["fte"] = 0.4m, ["budget"] = 0.6m } },
            },
            costSharing = new Dictionary<string, object>
            {
                ["databases"] = new
                {
                    rule = new { method = "weighted", equalBase = 0.3m, weights = new Dictionary<string, decimal> { ["fte"] = 0.35m, ["budget"] = 0.65m } },
                    caps = new { percentOfBudget = 5m, standalonePrice = true },
                },
            },
        }, ct);
        await PostAsync(http, $"consortia/{consortium}/dues", new { fiscalYear = year }, ct);
        await SeedSubscriptionAsync(http, consortium, ids, year, ct);
        log.LogInformation("Seeded the demo consortium {Id} with {Count} members and dues for {Year}", consortium, ids.Count, year);
        return (consortium, ids["SYSU"]);
    }

    /// <summary>A shared database for the academic members, invoiced in US dollars at a recorded rate, so reconciliation has a story.</summary>
    private static async Task SeedSubscriptionAsync(HttpClient http, Guid consortium, Dictionary<string, Guid> ids, int year, CancellationToken ct)
    {
        var academic = new[] { "SYSU", "SCUT", "JNU", "SZU", "GDPU" };
        var subscription = await PostAsync(http, $"consortia/{consortium}/subscriptions", new
        {
            vendor = "Clarivate", resource = "Web of Science Core Collection", termStart = $"{year}-01-01", termEnd = $"{year}-12-31",
            price = new { amount = "180000.00", currency = "USD" }, sharingTerm = "databases",
            participants = academic.Select(code => new { memberId = ids[code] }).ToArray(),
            standalonePrices = academic.ToDictionary(code => ids[code].ToString(), _ => new { amount = "420000.00", currency = "CNY" }),
        }, ct);
        await PostAsync(http, $"consortia/{consortium}/subscriptions/{subscription}/invoices", new
        {
            invoiceNumber = $"CLV-{year}-0117", invoiceDate = $"{year}-01-20",
            amount = new { amount = "182500.00", currency = "USD" }, rateToBase = 7.1284m,
        }, ct);
    }

    private static async Task<Guid> MemberIdAsync(HttpClient http, Guid consortium, string code, CancellationToken ct)
    {
        var members = await http.GetFromJsonAsync<JsonElement>($"consortia/{consortium}/members", Json, ct);
        return members.EnumerateArray().First(m => m.GetProperty("code").GetString() == code).GetProperty("id").GetGuid();
    }

    private static async Task<string> IssueKeyAsync(HttpClient http, Guid consortium, string label, string role, Guid? member, CancellationToken ct)
    {
        var response = await http.PostAsJsonAsync($"consortia/{consortium}/api-keys", new { label, roles = new[] { role }, memberId = member }, Json, ct);
        response.EnsureSuccessStatusCode();
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        return doc.RootElement.GetProperty("key").GetString()!;
    }

    private static async Task<Guid> PostAsync(HttpClient http, string url, object body, CancellationToken ct)
    {
        var response = await http.PostAsJsonAsync(url, body, Json, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"POST {url} answered {(int)response.StatusCode}: {text}");
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.TryGetProperty("id", out var id) ? id.GetGuid() : Guid.Empty;
    }
}
