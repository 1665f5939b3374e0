using Alba;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Marten;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure;
using SharingLedger.Infrastructure.Marten;
using SharingLedger.Tests.Access;
using SharingLedger.Tests.Support;
using Wolverine.Runtime;

namespace SharingLedger.Tests.Scaling;

/// <summary>
/// The scaled-out deployment: two databases (consortia placed by configuration) and two service nodes on them, the async
/// projections handed out between the nodes by Wolverine. Its own databases on the test cluster, its own two hosts.
/// </summary>
public class TwoDatabasesTwoNodesTests(LedgerHost shared)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_consortium_placed_in_the_second_database_lives_only_there_and_its_projections_survive_a_node_stopping()
    {
        var main = await shared.CreateDatabaseAsync("main", Ct);
        var second = await shared.CreateDatabaseAsync("second", Ct);
        // One consortium pinned to the main database by configuration, before it exists.
        var pinned = Guid.CreateVersion7();
        IAlbaHost? nodeA = await Node(main, second, pinned);
        var nodeB = await Node(main, second, pinned);
        try
        {
            // Marten's schema in every configured database (what db-apply does), so "nothing of it in the main database" below is
            // checked against tables that exist rather than against a database the daemon has not reached yet.
            // The two nodes' daemons are creating the same tables as they start (in production db-apply runs before the nodes), so a
            // table another session created a moment ago is retried rather than failing the test.
            await ApplySchemaBesideStartingNodes(nodeA.Services.GetRequiredService<IDocumentStore>());
            var apiA = new LedgerApi(nodeA!);
            var apiB = new LedgerApi(nodeB);

            // Established through node A; the configuration puts new consortia in the second database.
            var p = await Principals.Create(apiA);
            var tenant = p.Consortium.ToString("D");
            Assert.True(await Scalar(second, "select count(*) from ledger.mt_events where tenant_id = $1", tenant) > 0);
            Assert.True(await Scalar(second, "select count(*) from ledger.mt_doc_apikey where tenant_id = $1", tenant) == 4);
            Assert.Equal(0, await RowsOfTenantInAnyTable(main, tenant));

            // The pinned one is established the way POST /consortia does it (its decision, its stream in its own tenant), and
            // then lives in the main database only.
            var established = (Decision.Accepted)ConsortiumDecisions.Establish(
                new EstablishConsortium("Pinned", "North", OrganisationModel.Parallel, GovernanceModel.Council, "USD", 1, null), pinned, LedgerHost.Now);
            await using (var session = nodeA.Services.GetRequiredService<IDocumentStore>().SessionFor(pinned))
            {
                session.Events.StartStream<Consortium>(pinned, [.. established.Events]);
                await session.SaveChangesAsync(Ct);
            }
            await apiA.AdmitMember(pinned, "PIN");
            Assert.True(await Scalar(main, "select count(*) from ledger.mt_events where tenant_id = $1", pinned.ToString("D")) >= 2);
            Assert.Equal(0, await RowsOfTenantInAnyTable(second, pinned.ToString("D")));

            // Its API keys work on the other node too (found by id in whichever database holds them), and the operator's list
            // spans both databases.
            Assert.Equal(200, await GetAs(nodeB, $"/consortia/{p.Consortium}", p.Keys["finance"]));
            Assert.Equal(200, await GetAs(nodeB, $"/consortia/{p.Consortium}/members/{p.OwnMember}/obligations?fiscalYear=2026", p.Keys["member"]));
            // An Idempotency-Key works for a consortium outside the main database: the claim commits with the effect in the
            // consortium's database, and the replay answers the stored response.
            var first = await PostWithKey(nodeB, $"/consortia/{p.Consortium}/members", "admit-once");
            var replay = await PostWithKey(nodeA, $"/consortia/{p.Consortium}/members", "admit-once");
            Assert.Equal(201, first.Status);
            Assert.Equal((201, first.Body), (replay.Status, replay.Body));
            Assert.Equal(1, await Scalar(second, "select count(*) from ledger.mt_doc_member where tenant_id = $1 and data ->> 'code' = 'ONCE'", tenant));

            var listed = (await apiB.Ok(apiB.Get("/consortia"))).EnumerateArray().Select(c => c.GetProperty("id").GetGuid()).ToList();
            Assert.Equal(new[] { pinned, p.Consortium }.Order(), listed.Order());

            // Each database's hash chain (the one async projection) runs on exactly one node, and Wolverine spreads them: one each.
            await WaitUntil(async () => (await RunningProjections(nodeA)).Count == 1 && (await RunningProjections(nodeB)).Count == 1,
                "the two databases' hash chains to be spread over the two nodes");
            var assigned = await RunningProjections(nodeA, nodeB);
            Assert.Equal(2, assigned.Distinct().Count());

            // The consortium's chain is written in the second database, one link per event, and verifies.
            var events = await Scalar(second, "select count(*) from ledger.mt_events where tenant_id = $1 and type <> 'tombstone'", tenant);
            await WaitUntil(async () => await Scalar(second, "select count(*) from ledger.chain_link where tenant_id = $1", tenant) == events,
                "the chain to link every event of the consortium");
            var verified = await apiB.Ok(apiB.Get($"/consortia/{p.Consortium}/audit/verification"));
            Assert.True(verified.GetProperty("intact").GetBoolean(), verified.ToString());
            Assert.Equal(events, verified.GetProperty("eventsChecked").GetInt64());

            await WaitUntil(async () => await Chained(main, pinned.ToString("D")), "the pinned consortium's chain in the main database");

            // Node A stops; events recorded after it stopped, in both databases, are still chained: node B took over what A ran.
            var ranOnA = await RunningProjections(nodeA);
            Assert.Single(ranOnA);
            await nodeA!.StopAsync(Ct);
            await nodeA.DisposeAsync();
            nodeA = null;
            await apiB.AdmitMember(p.Consortium, "LATE");
            await apiB.AdmitMember(pinned, "LATE");
            var after = await Scalar(second, "select count(*) from ledger.mt_events where tenant_id = $1 and type <> 'tombstone'", tenant);
            Assert.True(after > events);
            await WaitUntil(async () => await Scalar(second, "select count(*) from ledger.chain_link where tenant_id = $1", tenant) == after,
                $"node B to chain the events recorded after node A stopped (A had run {string.Join(", ", ranOnA)})", seconds: 120);
            var again = await apiB.Ok(apiB.Get($"/consortia/{p.Consortium}/audit/verification"));
            Assert.True(again.GetProperty("intact").GetBoolean(), again.ToString());
            Assert.Equal(after, again.GetProperty("eventsChecked").GetInt64());
            await WaitUntil(async () => await Chained(main, pinned.ToString("D")), "node B to chain the pinned consortium's late events", seconds: 120);
            Assert.Equal(assigned.Select(u => u.ToString()).Order(), (await RunningProjections(nodeB)).Select(u => u.ToString()).Order());
            Assert.Equal(0, await RowsOfTenantInAnyTable(main, tenant));
            Assert.Equal(0, await RowsOfTenantInAnyTable(second, pinned.ToString("D")));
        }
        finally
        {
            if (nodeA is not null) await nodeA.DisposeAsync();
            await nodeB.DisposeAsync();
        }
    }

    private static bool IsProjection(Uri agent) => agent.Scheme == "event-subscriptions";

    private static async Task ApplySchemaBesideStartingNodes(IDocumentStore store)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
                return;
            }
            catch (Exception e) when (attempt < 10 && CreatedConcurrently(e))
            {
                await Task.Delay(500);
            }
        }
    }

    /// <summary>PostgreSQL's answers when another session created the same table, index or type at the same moment.</summary>
    private static bool CreatedConcurrently(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
            if (e is Npgsql.PostgresException { SqlState: "42P07" or "42710" or "23505" }) return true;
        return false;
    }

    private static async Task<List<Uri>> RunningProjections(params IAlbaHost?[] nodes)
    {
        await Task.Yield();
        return nodes.Where(n => n is not null)
            .SelectMany(n => n!.Services.GetRequiredService<IWolverineRuntime>().Agents.AllRunningAgentUris().Where(IsProjection)).ToList();
    }

    /// <summary>Every event of the consortium in the database has its link there.</summary>
    private static async Task<bool> Chained(string connectionString, string tenant) =>
        await Scalar(connectionString, "select count(*) from ledger.chain_link where tenant_id = $1", tenant)
        == await Scalar(connectionString, "select count(*) from ledger.mt_events where tenant_id = $1 and type <> 'tombstone'", tenant);

    private static Task<IAlbaHost> Node(string main, string second, Guid pinnedToMain) => AlbaHost.For<Program>(b =>
    {
        b.UseSetting($"Tenancy:Consortia:{pinnedToMain}", "main");
        b.UseSetting("ConnectionStrings:Ledger", main);
        b.UseSetting("Tenancy:Databases:second", second);
        b.UseSetting("Tenancy:NewConsortiaIn", "second");
        b.UseSetting("Projections:Distribution", "Wolverine");
        // Quick to notice a node and to reassign its agents, so the test does not wait Wolverine's production defaults.
        b.UseSetting("Durability:CheckAssignmentPeriod", "00:00:01");
        b.UseSetting("Durability:HealthCheckPollingTime", "00:00:01");
        b.UseSetting("Durability:FirstHealthCheckExecution", "00:00:00.100");
        b.UseSetting("Durability:StaleNodeTimeout", "00:00:10");
        b.UseSetting("Auth:OperatorKeys:0:Name", "scaling-tests");
        b.UseSetting("Auth:OperatorKeys:0:Key", LedgerHost.OperatorKey);
        b.UseSetting("Limits:RequestsPerMinute", "100000");
        b.UseEnvironment("Testing");
    }).ContinueWith(t =>
    {
        var host = t.Result;
        host.BeforeEach(context =>
        {
            if (!context.Request.Headers.ContainsKey("X-Api-Key") && !context.Request.Headers.ContainsKey("Authorization"))
                context.Request.Headers["X-Api-Key"] = LedgerHost.OperatorKey;
        });
        return host;
    }, TaskScheduler.Default);

    private static async Task<(int Status, string Body)> PostWithKey(IAlbaHost node, string url, string idempotencyKey)
    {
        var result = await node.Scenario(s =>
        {
            s.Post.Json(new
            {
                code = "ONCE", name = "Library ONCE", kind = "academic", fte = 10, population = 1000,
                materialsBudget = new { amount = "1000.00", currency = "USD" }, effectiveFrom = "2025-01-01",
            }).ToUrl(url);
            s.IgnoreStatusCode();
            s.WithRequestHeader("Idempotency-Key", idempotencyKey);
        });
        return (result.Context.Response.StatusCode, await result.ReadAsTextAsync());
    }

    private static async Task<int> GetAs(IAlbaHost node, string url, string apiKey)
    {
        var result = await node.Scenario(s =>
        {
            s.Get.Url(url);
            s.IgnoreStatusCode();
            s.WithRequestHeader("X-Api-Key", apiKey);
        });
        return result.Context.Response.StatusCode;
    }

    private static async Task<long> Scalar(string connectionString, string sql, params object[] args)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var a in args) command.Parameters.Add(new NpgsqlParameter { Value = a });
        return Convert.ToInt64(await command.ExecuteScalarAsync(Ct));
    }

    /// <summary>Rows of the tenant in any table of the database that has a tenant_id column (events, streams, every document).</summary>
    private static async Task<long> RowsOfTenantInAnyTable(string connectionString, string tenant)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Ct);
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand(
            "select table_schema || '.' || table_name from information_schema.columns where column_name = 'tenant_id' and table_schema = 'ledger'", connection))
        await using (var reader = await list.ExecuteReaderAsync(Ct))
            while (await reader.ReadAsync(Ct)) tables.Add(reader.GetString(0));
        Assert.Contains("ledger.mt_events", tables); // the schema exists in the main database too (the test would prove nothing otherwise)
        long rows = 0;
        foreach (var table in tables)
        {
            await using var count = new NpgsqlCommand($"select count(*) from {table} where tenant_id = $1", connection);
            count.Parameters.Add(new NpgsqlParameter { Value = tenant });
            rows += (long)(await count.ExecuteScalarAsync(Ct))!;
        }
        return rows;
    }

    private static async Task WaitUntil(Func<Task<bool>> condition, string what, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Waited {seconds} s for {what}.");
            await Task.Delay(250, Ct);
        }
    }
}
