using System.Diagnostics;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SharingLedger.Audit;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure.Marten;

namespace SharingLedger.Benchmarks.Ledger;

/// <summary>
/// Issue 14, item 3: how fast the hash chain catches up. A year of loan traffic is bulk-appended (no projection runs), then
/// the <c>HashChain</c> projection is rebuilt by Marten's daemon, which is the path a backlog takes too. Then, to show where
/// the time goes, the same events are read raw and hashed outside the daemon, and the rebuilt chain is verified.
/// </summary>
public static class ChainRebuildRun
{
    /// <param name="service">A published service's folder to run the <c>rebuild-chain</c> command from (null: the service as built beside the benchmark).</param>
    public static async Task RunAsync(int memberCount, int targetEvents, string? service)
    {
        await using var ledger = await BenchLedger.StartAsync();
        var consortium = await BenchConsortium.CreateAsync(ledger, memberCount);
        var store = ledger.Store;
        var tenant = ConsortiumTenancy.TenantOf(consortium.Id);
        var actions = LoanTraffic.Generate(consortium, targetEvents).Select(s => ImportAndClearRun.Action(store, s)).ToList();
        var clock = Stopwatch.StartNew();
        foreach (var chunk in actions.Chunk(10_000)) await store.BulkInsertEventsAsync(tenant, chunk, 10_000);
        var dataSource = ledger.Host.Services.GetRequiredService<NpgsqlDataSource>();
        var events = await ScalarAsync(dataSource, $"select count(*) from {MartenSetup.Schema}.mt_events where {ChainCanonicalForm.NotTombstone}");
        Console.WriteLine($"appended {actions.Sum(a => a.Events.Count):N0} loan events in {clock.Elapsed.TotalSeconds:F1} s; {events:N0} events in the log");
        await using (var vacuum = dataSource.CreateCommand($"vacuum analyze {MartenSetup.Schema}.mt_events")) await vacuum.ExecuteNonQueryAsync();

        Console.WriteLine($"load average before: {File.ReadAllText("/proc/loadavg").Trim()}");
        clock.Restart();
        using (var daemon = await store.BuildProjectionDaemonAsync())
            await daemon.RebuildProjectionAsync(HashChainProjection.Name, TimeSpan.FromMinutes(60), CancellationToken.None);
        var rebuild = clock.Elapsed;
        var links = await ScalarAsync(dataSource, $"select count(*) from {ChainLinkFeature.QualifiedName}");
        Console.WriteLine($"HashChain rebuilt: {links:N0} links in {rebuild.TotalSeconds:F1} s = {links / rebuild.TotalSeconds:N0} events/s");
        Console.WriteLine($"load average after: {File.ReadAllText("/proc/loadavg").Trim()}");

        await ReadAndHashAloneAsync(dataSource, tenant);

        // And what the daemon does before the projection sees a batch: Marten loading and deserialising every event.
        clock.Restart();
        long loaded = 0, after = 0;
        while (true)
        {
            await using var session = store.QuerySession(tenant);
            var page = await session.Events.QueryAllRawEvents().Where(e => e.Sequence > after).OrderBy(e => e.Sequence).Take(HashChainProjection.BatchSize).ToListAsync();
            if (page.Count == 0) break;
            loaded += page.Count;
            after = page[^1].Sequence;
        }
        Console.WriteLine($"Marten loading and deserialising the same events in pages of {HashChainProjection.BatchSize:N0}: {loaded:N0} in " +
                          $"{clock.Elapsed.TotalSeconds:F1} s ({loaded / clock.Elapsed.TotalSeconds:N0}/s)");

        await VerifyAsync(store, tenant);

        // The rebuild outside the daemon (ChainRebuild): ordered reads of the rows in slices, hashing, one binary COPY. Its links must be
        // the daemon's, byte for byte.
        var daemonLinks = await ScalarAsync(dataSource, Fingerprint);
        var database = await store.Storage.FindOrCreateDatabase(tenant);
        for (var run = 1; run <= 3; run++) // three times: the first also pays for the code's first calls
        {
            // Each rebuild starts from a collected heap, as the rebuild-chain command does in a process of its own.
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            Console.WriteLine($"load average before: {File.ReadAllText("/proc/loadavg").Trim()}");
            ChainRebuildResult result;
            var (gen0, gen1, gen2) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
            var allocated = GC.GetTotalAllocatedBytes();
            var paused = GC.GetTotalPauseDuration();
            var (busy, all) = MachineCpu();
            var own = Process.GetCurrentProcess().TotalProcessorTime;
            using (var daemon = await store.BuildProjectionDaemonAsync(database.Id.Identity))
                result = await ChainRebuild.RebuildAsync(daemon, database, CancellationToken.None);
            Console.WriteLine($"ChainRebuild #{run}: {result.Links:N0} links through sequence {result.Through:N0} in {result.Total.TotalSeconds:F1} s = " +
                              $"{result.Links / result.Total.TotalSeconds:N0} events/s (emptying the old links {result.Clearing.TotalSeconds:F1} s; reading and canonical " +
                              $"forms {result.Preparing.TotalSeconds:F1} s added up over the slices read side by side; hashing in order and rows to COPY " +
                              $"{result.Chaining.TotalSeconds:F1} s)");
            Console.WriteLine($"  its garbage collections: {GC.CollectionCount(0) - gen0} / {GC.CollectionCount(1) - gen1} / {GC.CollectionCount(2) - gen2} " +
                              $"(generations 0 / 1 / 2), paused {(GC.GetTotalPauseDuration() - paused).TotalSeconds:F2} s, " +
                              $"{(GC.GetTotalAllocatedBytes() - allocated) / 1e6:N0} MB allocated");
            var (busyAfter, allAfter) = MachineCpu();
            var ownCpu = Process.GetCurrentProcess().TotalProcessorTime - own;
            var machineCpu = TimeSpan.FromSeconds((busyAfter - busy) / (double)TicksPerSecond);
            Console.WriteLine($"  the machine's CPUs busy {100.0 * (busyAfter - busy) / (allAfter - all):F0} % of the rebuild's time ({Environment.ProcessorCount} CPUs; /proc/stat): " +
                              $"{machineCpu.TotalSeconds:F1} s of CPU, of which this process {ownCpu.TotalSeconds:F1} s and the rest (PostgreSQL) {(machineCpu - ownCpu).TotalSeconds:F1} s");
            Console.WriteLine($"load average after: {File.ReadAllText("/proc/loadavg").Trim()}");
            var rebuiltLinks = await ScalarAsync(dataSource, Fingerprint);
            Console.WriteLine($"links the same as the daemon's, byte for byte: {(daemonLinks == rebuiltLinks ? "yes" : "NO")}");
        }
        await VerifyAsync(store, tenant);
        await RunCommandAsync(ledger.ConnectionString, service ?? AppContext.BaseDirectory);
        await VerifyAsync(store, tenant);
        Console.WriteLine($"links the same as the daemon's after the command, byte for byte: {(daemonLinks == await ScalarAsync(dataSource, Fingerprint) ? "yes" : "NO")}");

        // PostgreSQL's share, each part alone: the read's conversions (jsonb to text, the timestamp's format) and the links' insert.
        await TimeAsync(dataSource, "PostgreSQL: every event's row read", $"select count(id) from {MartenSetup.Schema}.mt_events");
        await TimeAsync(dataSource, "PostgreSQL: every event's data as text", $"select sum(length(data::text)) from {MartenSetup.Schema}.mt_events");
        await TimeAsync(dataSource, "PostgreSQL: every event's timestamp formatted",
            $"select count(to_char(timestamp at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')) from {MartenSetup.Schema}.mt_events");
        await TimeAsync(dataSource, "PostgreSQL: the links inserted again into a copy of the table with its indexes",
            $"create temporary table probe (like {ChainLinkFeature.QualifiedName} including indexes); insert into probe select * from {ChainLinkFeature.QualifiedName}");
    }

    /// <summary>
    /// Where the time goes: the raw read and the canonical form + SHA-256 alone, on one thread, outside the daemon. A method of its
    /// own so that the half a gigabyte of events it holds is garbage before the rebuilds below run: held, it cost each rebuild 1–2 s more
    /// of this process's CPU (a full collection in the first), which the rebuild-chain command, in a process of its own, never pays.
    /// </summary>
    private static async Task ReadAndHashAloneAsync(NpgsqlDataSource dataSource, string tenant)
    {
        var clock = Stopwatch.StartNew();
        var stored = new List<StoredEvent>();
        await foreach (var e in ChainCanonicalForm.ReadRangeAsync(dataSource, MartenSetup.Schema, tenant, 1, long.MaxValue, CancellationToken.None)) stored.Add(e);
        var read = clock.Elapsed;
        clock.Restart();
        var previous = ChainCanonicalForm.Genesis;
        foreach (var e in stored) previous = Convert.ToHexStringLower(ChainCanonicalForm.HashBytes(e, previous));
        var hashing = clock.Elapsed;
        Console.WriteLine($"of which, outside the daemon: reading {stored.Count:N0} stored events {read.TotalSeconds:F1} s ({stored.Count / read.TotalSeconds:N0}/s), " +
                          $"canonical form + SHA-256 {hashing.TotalSeconds:F1} s ({stored.Count / hashing.TotalSeconds:N0}/s)");
    }

    /// <summary>
    /// The operator's command itself, <c>rebuild-chain --service-stopped</c>, in a process of its own as it runs in production (its first
    /// rebuild pays for the code's first calls, as the first rebuild above does), with the rate it prints and the process's wall time.
    /// </summary>
    private static async Task RunCommandAsync(string connectionString, string folder)
    {
        // A self-contained publish (the Dockerfile's) starts through its own executable; a framework-dependent build through dotnet.
        var executable = Path.Combine(folder, "SharingLedger");
        var start = new ProcessStartInfo(File.Exists(executable) ? executable : "dotnet")
        {
            WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        if (!File.Exists(executable)) start.ArgumentList.Add(Path.Combine(folder, "SharingLedger.dll"));
        start.ArgumentList.Add("rebuild-chain");
        start.ArgumentList.Add("--service-stopped");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ConnectionStrings__Ledger"] = connectionString;
        start.Environment["DataProtection__KeysPath"] = Path.Combine(Path.GetTempPath(), "sharingledger-benchmark-keys");
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Console.WriteLine($"the rebuild-chain command ({start.FileName} in {folder}), a process of its own: exit code {process.ExitCode} after {clock.Elapsed.TotalSeconds:F1} s");
        foreach (var line in (await output).Split('\n').Where(l => l.Contains("links written") || l.Contains("verified") || l.Contains("FAILED") || l.Contains("Refused")))
            Console.WriteLine($"  {line.Trim()}");
        if (process.ExitCode != 0) Console.WriteLine($"  its errors: {await errors}");
    }

    /// <summary>Clock ticks a second in <c>/proc/stat</c> (USER_HZ, 100 on Linux).</summary>
    private const int TicksPerSecond = 100;

    /// <summary>The machine's CPU time so far, busy and in all (<c>/proc/stat</c>'s first line, in clock ticks; idle and I/O wait are not busy).</summary>
    private static (long Busy, long All) MachineCpu()
    {
        var ticks = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8).Select(long.Parse).ToArray();
        var all = ticks.Sum();
        return (all - ticks[3] - ticks[4], all);
    }

    private static async Task TimeAsync(NpgsqlDataSource dataSource, string what, string sql)
    {
        var clock = Stopwatch.StartNew();
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
        Console.WriteLine($"{what}: {clock.Elapsed.TotalSeconds:F1} s");
    }

    /// <summary>A fingerprint of every link (tenant, sequence, event, hash, previous sequence), as a number.</summary>
    private static readonly string Fingerprint =
        $"select ('x' || left(md5(string_agg(tenant_id || ':' || sequence || ':' || event_id || ':' || encode(hash, 'hex') || ':' || previous_sequence, ',' " +
        $"order by tenant_id, sequence)), 15))::bit(60)::bigint from {ChainLinkFeature.QualifiedName}";

    private static async Task VerifyAsync(IDocumentStore store, string tenant)
    {
        var clock = Stopwatch.StartNew();
        var verified = await ChainVerifier.VerifyAsync(store, tenant, CancellationToken.None);
        Console.WriteLine($"verified the consortium's chain: {verified.State}, {verified.EventsChecked:N0} events in {clock.Elapsed.TotalSeconds:F1} s " +
                          $"= {verified.EventsChecked / clock.Elapsed.TotalSeconds:N0} events/s");
    }

    private static async Task<long> ScalarAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }
}
