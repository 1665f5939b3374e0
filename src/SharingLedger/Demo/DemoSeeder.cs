using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using NodaTime;

namespace SharingLedger.Demo;

/// <summary>
/// With <c>Demo:Seed=true</c>, seeds a demo consortium and its year (<see cref="DemoYear"/>) through the service's own HTTP
/// API once it is listening (so the demo passes the same checks as any client), issues keys for a finance officer, the
/// council's auditor and two member libraries, and prints where to look. Seeding is skipped when the demo consortium
/// already exists (new keys are issued).
/// </summary>
public sealed class DemoSeeder(IHostApplicationLifetime lifetime, IServer server, IClock clock, ILogger<DemoSeeder> log,
    Access.DemoCredentials credentials, IConfiguration configuration, DemoKeys keys) : BackgroundService
{
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
            keys.Failed("no operator key");
            return;
        }
        http.DefaultRequestHeaders.Add("X-Api-Key", operatorKey);
        var api = new DemoApi(http);
        try
        {
            var today = clock.GetCurrentInstant().InZone(DateTimeZoneProviders.Tzdb["Asia/Shanghai"]).Date;
            var (consortiumId, ids) = await SeedAsync(api, today, stoppingToken);
            var seeded = new DemoKeys.Issued(consortiumId, ids,
                Finance: await IssueKeyAsync(api, consortiumId, "demo finance officer", "finance", null, stoppingToken),
                Auditor: await IssueKeyAsync(api, consortiumId, "demo council auditor", "auditor", null, stoppingToken),
                Sysu: await IssueKeyAsync(api, consortiumId, "demo member system of SYSU", "member", ids["SYSU"], stoppingToken),
                Gzpl: await IssueKeyAsync(api, consortiumId, "demo member system of GZPL", "member", ids["GZPL"], stoppingToken));
            Print(api.BaseAddress, seeded, operatorKey, today.Year);
            keys.Done(seeded);
        }
        catch (Exception e) when (e is HttpRequestException or InvalidOperationException or JsonException)
        {
            log.LogError(e, "Seeding the demo consortium failed");
            keys.Failed(e.Message);
        }
    }

    private async Task<(Guid Consortium, IReadOnlyDictionary<string, Guid> Ids)> SeedAsync(DemoApi api, LocalDate today, CancellationToken ct)
    {
        var existing = (await api.GetAsync("consortia", ct)).EnumerateArray()
            .FirstOrDefault(c => c.GetProperty("name").GetString() == DemoLibraries.ConsortiumName);
        if (existing.ValueKind == JsonValueKind.Object)
        {
            var id = existing.GetProperty("id").GetGuid();
            return (id, (await api.GetAsync($"consortia/{id}/members", ct)).EnumerateArray()
                .ToDictionary(m => m.GetProperty("code").GetString()!, m => m.GetProperty("id").GetGuid()));
        }

        var consortium = await api.CreateAsync("consortia", new
        {
            name = DemoLibraries.ConsortiumName, region = "Guangdong, China", organisationModel = "multiLevel",
            governanceModel = "council", baseCurrency = "CNY", fiscalYearStartMonth = 1, timeZone = "Asia/Shanghai",
        }, ct);
        var ids = new Dictionary<string, Guid>();
        foreach (var lib in DemoLibraries.All)
        {
            ids[lib.Code] = await api.CreateAsync($"consortia/{consortium}/members", new
            {
                code = lib.Code, name = lib.Name, kind = lib.Kind, fte = lib.Fte, population = lib.Population,
                materialsBudget = DemoApi.Cny(lib.Budget), hubId = lib.Hub is null ? (Guid?)null : ids[lib.Hub],
                effectiveFrom = $"{today.Year - 1}-01-01",
            }, ct);
        }
        await api.PostAsync($"consortia/{consortium}/agreement/versions", DemoYear.Agreement(ids.Values, today.Year), ct);
        await new DemoYear(api, consortium, ids, today).RecordAsync(ct);
        log.LogInformation("Seeded the demo consortium {Id} with {Count} members and its year {Year}", consortium, ids.Count, today.Year);
        return (consortium, ids);
    }

    private static void Print(Uri site, DemoKeys.Issued k, string operatorKey, int year)
    {
        var sysu = k.Members["SYSU"];
        Console.WriteLine();
        Console.WriteLine($"SharingLedger console: {site}   (sign in with one of these keys)");
        Console.WriteLine($"  finance officer:                    {k.Finance}");
        Console.WriteLine($"  council auditor:                    {k.Auditor}");
        Console.WriteLine($"  member library SYSU:                {k.Sysu}");
        Console.WriteLine($"  member library GZPL:                {k.Gzpl}");
        Console.WriteLine();
        Console.WriteLine($"The API at {site} (send a key as the X-Api-Key header):");
        Console.WriteLine($"  Demo consortium:     {site}consortia/{k.Consortium}");
        Console.WriteLine($"  Its members:         {site}consortia/{k.Consortium}/members");
        Console.WriteLine($"  A member's dues:     {site}consortia/{k.Consortium}/members/{sysu}/obligations?fiscalYear={year}");
        Console.WriteLine($"  API reference:       {site}scalar");
        Console.WriteLine($"  operator (admin, finance, auditor; API only): {operatorKey}");
        Console.WriteLine($"  e.g. curl -H 'X-Api-Key: {k.Sysu}' '{site}consortia/{k.Consortium}/members/{sysu}/obligations?fiscalYear={year}'");
        Console.WriteLine("Press Ctrl+C to stop (the embedded PostgreSQL stops with it).");
    }

    private static async Task<string> IssueKeyAsync(DemoApi api, Guid consortium, string label, string role, Guid? member, CancellationToken ct) =>
        (await api.PostAsync($"consortia/{consortium}/api-keys", new { label, roles = new[] { role }, memberId = member }, ct))
        .GetProperty("key").GetString()!;
}

/// <summary>What the demo seeding issued, once it is done: the consortium, its members by code and the printed keys.</summary>
public sealed class DemoKeys
{
    public sealed record Issued(Guid Consortium, IReadOnlyDictionary<string, Guid> Members, string Finance, string Auditor, string Sysu, string Gzpl);

    private readonly TaskCompletionSource<Issued> _seeded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when seeding is done; faults when it failed.</summary>
    public Task<Issued> Seeded => _seeded.Task;

    internal void Done(Issued issued) => _seeded.TrySetResult(issued);

    internal void Failed(string why) => _seeded.TrySetException(new InvalidOperationException("Seeding the demo failed: " + why));
}
