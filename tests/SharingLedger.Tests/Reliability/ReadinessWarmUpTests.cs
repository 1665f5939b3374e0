using System.Text.Json;
using Alba;
using Microsoft.AspNetCore.Hosting;
using Npgsql;
using SharingLedger.Tests.Loans;
using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Reliability;

/// <summary>
/// A node that warms up (<c>Startup:WarmUpSeconds</c>) answers <c>/health/ready</c> with 503 until it has run its hot endpoints, then
/// 200 with what it ran: 8 workers × 12 rounds × 4 requests (obligations and statement read, a loan request and a loan step
/// refused), every one answered as expected. It records nothing: the database holds the same events and streams before and after.
/// A warm-up that outruns its budget, or finds no member to run for, still lets the node take traffic.
/// </summary>
public class ReadinessWarmUpTests(LedgerHost host) : LedgerTest(host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<IAlbaHost> Node(string database, double warmUpSeconds)
    {
        var node = await AlbaHost.For<Program>(b =>
        {
            b.UseSetting("ConnectionStrings:Ledger", database);
            b.UseSetting("Projections:DaemonMode", "Disabled");
            b.UseSetting("Auth:OperatorKeys:0:Name", "warm-up-tests");
            b.UseSetting("Auth:OperatorKeys:0:Key", LedgerHost.OperatorKey);
            b.UseSetting("Startup:WarmUpSeconds", warmUpSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
            b.UseEnvironment("Testing");
        });
        node.BeforeEach(c => c.Request.Headers["X-Api-Key"] = LedgerHost.OperatorKey);
        return node;
    }

    private static async Task<(int Status, JsonElement Body)> Ready(IAlbaHost node)
    {
        var result = await node.Scenario(x => { x.Get.Url("/health/ready"); x.IgnoreStatusCode(); });
        return (result.Context.Response.StatusCode, JsonDocument.Parse(await result.ReadAsTextAsync()).RootElement.Clone());
    }

    private static async Task<JsonElement> ReadyWithin(IAlbaHost node, TimeSpan within)
    {
        var until = DateTime.UtcNow + within;
        while (true)
        {
            var (status, body) = await Ready(node);
            if (status == 200) return body;
            Assert.True(DateTime.UtcNow < until, $"not ready after {within}: {body}");
            await Task.Delay(100, Ct);
        }
    }

    private static async Task<string> Counts(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand("select (select count(*) from ledger.mt_events) || ' events, ' || (select count(*) from ledger.mt_streams) || ' streams'", connection);
        return (string)(await command.ExecuteScalarAsync(Ct))!;
    }

    [Fact]
    public async Task A_node_is_ready_only_after_running_its_hot_endpoints_and_records_nothing_doing_it()
    {
        var database = await Host.CreateDatabaseAsync("warmup", Ct);
        await using (var first = await Node(database, 0))
        {
            var s = await LoanScenario.WithDefaultFees(Host, new LedgerApi(first), "A", "B");
            var loan = await s.Request("A", "B", on: "2026-10-01");
            await s.Do(loan, "shipped", new { on = "2026-10-04" });
            Assert.Equal(200, (await Ready(first)).Status); // no warm-up: ready at once
        }
        var before = await Counts(database);

        await using var node = await Node(database, 60);
        var (status, early) = await Ready(node);
        Assert.Equal(503, status);
        Assert.Contains("Warming up", early.ToString());

        var ready = await ReadyWithin(node, TimeSpan.FromSeconds(60));
        var summary = ready.GetProperty("checks").GetProperty("ready").GetProperty("data").GetProperty("warmUp").GetString();
        Assert.StartsWith("384 requests, 0 unexpected, ", summary);
        Assert.Equal(before, await Counts(database));

        // A warm-up that outruns its budget still lets the node take traffic.
        await using var hurried = await Node(database, 0.2);
        var late = await ReadyWithin(hurried, TimeSpan.FromSeconds(30));
        Assert.Equal("stopped at the budget of 0.2 s", late.GetProperty("checks").GetProperty("ready").GetProperty("data").GetProperty("warmUp").GetString());
        Assert.Equal(before, await Counts(database));
    }

    [Fact]
    public async Task A_node_with_no_members_yet_is_ready_at_once()
    {
        var database = await Host.CreateDatabaseAsync("warmupempty", Ct);
        await using var node = await Node(database, 60);
        var ready = await ReadyWithin(node, TimeSpan.FromSeconds(20));
        Assert.StartsWith("0 requests, 0 unexpected, ", ready.GetProperty("checks").GetProperty("ready").GetProperty("data").GetProperty("warmUp").GetString());
    }
}
