using System.Diagnostics;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NodaTime;
using SharingLedger.Audit;
using SharingLedger.Development;
using SharingLedger.Loans;
using SharingLedger.Loans.Import;

namespace SharingLedger.Benchmarks.Ledger;

/// <summary>
/// Issue 14 item 6: consortia in two databases (docs/architecture.md, "More than one database"). One consortium (or several) is
/// established in each database (the main one, then a second database "east" on the same cluster, by
/// <c>Tenancy:NewConsortiaIn</c>), each gets a year of loan history through the product's import, and then the hash chain
/// (which must read every event) is rebuilt by <see cref="ChainRebuild"/> in each database alone and in both at once.
/// </summary>
public static class TwoDatabasesRun
{
    public static async Task RunAsync(int memberCount, int eventsPerConsortium, int consortiaPerDatabase = 1)
    {
        await using var cluster = await EmbeddedPostgres.StartAsync(new EmbeddedPostgresOptions(DataRoot.Locate(), "bench", Durable: false, Fresh: true));
        var east = await CreateDatabaseAsync(cluster.ConnectionString, $"ledger_east_{Guid.NewGuid():N}"[..24]);
        var connections = new Dictionary<string, string> { ["main"] = cluster.ConnectionString, ["east"] = east };
        Dictionary<string, string> Settings(string newConsortiaIn) => new() { ["Tenancy:Databases:east"] = east, ["Tenancy:NewConsortiaIn"] = newConsortiaIn };

        long totalEvents = 0;
        var importTime = TimeSpan.Zero;
        foreach (var database in connections.Keys)
        {
            await using var ledger = await BenchLedger.StartAsync(Settings(database), cluster);
            for (var n = 1; n <= consortiaPerDatabase; n++)
            {
                var consortium = await BenchConsortium.CreateAsync(ledger, memberCount);
                var file = Path.Combine(Path.GetTempPath(), $"loan-history-{Guid.NewGuid():N}.csv");
                try
                {
                    var (lines, _) = LoanHistoryRun.Write(file, consortium, eventsPerConsortium);
                    var clock = Stopwatch.StartNew();
                    using var reader = File.OpenText(file);
                    var result = await LoanHistoryImport.RunAsync(ledger.Store, ledger.Host.Services.GetRequiredService<ISettledMonths>(), consortium.Id, reader,
                        SystemClock.Instance, "benchmark", _ => { }, CancellationToken.None, lines);
                    if (!result.Recorded) throw new InvalidOperationException("the import recorded nothing");
                    importTime += clock.Elapsed;
                    totalEvents += result.Events;
                    Console.WriteLine($"import into {database}, consortium {n} of {consortiaPerDatabase}: {result.Events:N0} events in {clock.Elapsed.TotalSeconds:F1} s = " +
                                      $"{result.Events / clock.Elapsed.TotalSeconds:N0} events/s");
                }
                finally
                {
                    File.Delete(file);
                }
            }
            Console.WriteLine($"  events now in {database}: {await ScalarAsync(connections[database], "select count(*) from ledger.mt_events"):N0}");
        }
        Console.WriteLine($"imports: {totalEvents:N0} events in {importTime.TotalSeconds:F1} s = {totalEvents / importTime.TotalSeconds:N0} events/s");

        await using (var ledger = await BenchLedger.StartAsync(Settings("main"), cluster))
        {
            foreach (var database in connections.Keys)
            {
                var clock = Stopwatch.StartNew();
                await RebuildChainAsync(ledger.Store, database, connections[database]);
                var events = await ScalarAsync(connections[database], "select count(*) from ledger.mt_events");
                Console.WriteLine($"hash chain rebuilt in {database} alone: {events:N0} events in {clock.Elapsed.TotalSeconds:F1} s = {events / clock.Elapsed.TotalSeconds:N0} events/s");
            }
            var both = Stopwatch.StartNew();
            await Task.WhenAll(connections.Keys.Select(d => RebuildChainAsync(ledger.Store, d, connections[d])));
            var all = 0L;
            foreach (var (name, cs) in connections)
            {
                var events = await ScalarAsync(cs, "select count(*) from ledger.mt_events where type <> 'tombstone'");
                var links = await ScalarAsync(cs, "select count(*) from ledger.chain_link");
                if (events != links) throw new InvalidOperationException($"{name}: {events} events but {links} links");
                all += events;
            }
            Console.WriteLine($"hash chain rebuilt in both at once: {all:N0} events in {both.Elapsed.TotalSeconds:F1} s = {all / both.Elapsed.TotalSeconds:N0} events/s (every event linked)");
        }
    }

    /// <summary>The product's rebuild of a database's chains (<see cref="ChainRebuild"/>: raw rows, hashing on every core, one COPY).</summary>
    private static async Task RebuildChainAsync(DocumentStore store, string database, string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        var db = (await store.Storage.AllDatabases()).Single(d => { using var c = d.CreateConnection(); return c.Database == name; });
        using var daemon = await store.BuildProjectionDaemonAsync(database);
        await ChainRebuild.RebuildAsync(daemon, db, CancellationToken.None);
    }

    private static async Task<string> CreateDatabaseAsync(string clusterConnectionString, string name)
    {
        await using (var connection = new NpgsqlConnection(clusterConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"create database {name}", connection);
            await create.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(clusterConnectionString) { Database = name }.ConnectionString;
    }

    private static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }
}
