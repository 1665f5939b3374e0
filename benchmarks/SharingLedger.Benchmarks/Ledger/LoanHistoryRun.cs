using System.Diagnostics;
using System.Globalization;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NodaTime;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure.Marten;
using SharingLedger.Loans;
using SharingLedger.Loans.Import;

namespace SharingLedger.Benchmarks.Ledger;

/// <summary>
/// Issue 15 item 9: a year of loan history as a CSV file (one request or step a line), imported by the product's own
/// import (every line decided by the loan decisions, then Marten's bulk append and the loans' snapshots), against two
/// yardsticks in the same run: a raw binary COPY of the same event rows (<see cref="RawCopy"/>) and a COPY of the file's lines.
/// The import writes the loans' snapshots beside the bulk append, so its phases are: reading and deciding, the append
/// (with the snapshots written at the same time on another connection), and whatever of the snapshots is left after it.
/// </summary>
public static class LoanHistoryRun
{
    public static async Task RunAsync(int memberCount, int targetEvents)
    {
        await using var ledger = await BenchLedger.StartAsync();
        var clock = Stopwatch.StartNew();
        var consortium = await BenchConsortium.CreateAsync(ledger, memberCount);
        Console.WriteLine($"setup: {memberCount} members, agreement and dues through the API in {clock.Elapsed.TotalSeconds:F1} s");

        var file = Path.Combine(Path.GetTempPath(), $"loan-history-{Guid.NewGuid():N}.csv");
        try
        {
            var (lines, loans) = Write(file, consortium, targetEvents);
            Console.WriteLine($"file: {lines:N0} lines for {loans:N0} requests, {new FileInfo(file).Length / 1_048_576.0:F0} MiB");

            // Yardstick 1: the file's lines COPYed as text into a table with one text column per field.
            clock.Restart();
            await CopyLinesAsync(ledger.ConnectionString, file);
            var copyLines = clock.Elapsed;
            Console.WriteLine($"raw COPY of the file's lines: {lines:N0} rows in {copyLines.TotalSeconds:F1} s = {lines / copyLines.TotalSeconds:N0} lines/s");

            // Yardstick 2: the same event rows the import writes, COPYed into a plain table (no keys, no stream rows).
            var services = ledger.Host.Services;
            var tenant = ConsortiumTenancy.TenantOf(consortium.Id);
            LoanHistoryOutcome outcome;
            await using (var query = ledger.Store.QueryFor(consortium.Id))
            {
                var c = await query.LoadAsync<Consortium>(consortium.Id) ?? throw new InvalidOperationException("no consortium");
                var replay = new LoanHistoryReplay(new LoanHistoryFacts(c.Id, c.BaseCurrency, c.Calendar(), c.Calendar().Today(SystemClock.Instance),
                    consortium.Members, consortium.Agreement, new HashSet<string>(), []), SystemClock.Instance.GetCurrentInstant()).Start();
                using var reader = File.OpenText(file);
                foreach (var (line, reject) in LoanImportParser.Read(reader, c.BaseCurrency))
                    if (reject is null) replay.Apply(line!); else replay.Reject(reject);
                outcome = replay.Outcome;
            }
            if (outcome.Rejects.Count > 0) throw new InvalidOperationException($"line {outcome.Rejects[0].Line}: {outcome.Rejects[0].Message}");
            var rows = LoanHistoryImport.Streams(ledger.Store, tenant, outcome.Loans, "benchmark");
            await RawCopy.CreateTableAsync(ledger.ConnectionString);
            clock.Restart();
            await RawCopy.CopyAsync(ledger.ConnectionString, ledger.Store, rows, 1, LoanHistoryImport.BatchSize);
            var raw = clock.Elapsed;
            Console.WriteLine($"raw COPY of the event rows: {outcome.Events:N0} rows in {raw.TotalSeconds:F1} s = {outcome.Events / raw.TotalSeconds:N0} rows/s");

            // Yardstick 3: the same stream and event rows COPYed into tables shaped like the event store's (its keys and indexes).
            await KeyedCopy.CreateTablesAsync(ledger.ConnectionString);
            clock.Restart();
            await KeyedCopy.CopyAsync(ledger.ConnectionString, ledger.Store, rows, tenant, LoanHistoryImport.BatchSize);
            var keyed = clock.Elapsed;
            Console.WriteLine($"keyed COPY of the stream and event rows (tables shaped like mt_streams and mt_events): {outcome.Events:N0} rows in {keyed.TotalSeconds:F1} s = " +
                              $"{outcome.Events / keyed.TotalSeconds:N0} rows/s ({raw.TotalSeconds / keyed.TotalSeconds:F2}x the raw COPY rate)");

            // The import itself, as `import-loans` runs it, with its phases timed from its progress reports.
            var phases = new Dictionary<string, TimeSpan>();
            clock.Restart();
            using (var reader = File.OpenText(file))
            {
                var result = await LoanHistoryImport.RunAsync(ledger.Store, services.GetRequiredService<ISettledMonths>(), consortium.Id, reader,
                    SystemClock.Instance, "benchmark", p => { if (p.Done == p.Total || p.Done == 0) phases.TryAdd($"{p.Phase}:{(p.Done == 0 ? "start" : "end")}", clock.Elapsed); },
                    CancellationToken.None, lines);
                var total = clock.Elapsed;
                if (!result.Recorded) throw new InvalidOperationException("the import recorded nothing");
                var decided = phases["decided:end"];
                var appendStart = phases["events written:start"];
                var append = phases["events written:end"] - appendStart;
                var snapshots = total - phases["events written:end"];
                Console.WriteLine($"import: {result.Lines:N0} lines, {result.Loans:N0} loans, {result.Events:N0} events in {total.TotalSeconds:F1} s = {result.Events / total.TotalSeconds:N0} events/s " +
                                  $"({raw.TotalSeconds / total.TotalSeconds:F2}x the raw COPY rate, {keyed.TotalSeconds / total.TotalSeconds:F2}x the keyed COPY rate)");
                Console.WriteLine($"  read and decided: {decided.TotalSeconds:F1} s; Marten bulk append: {append.TotalSeconds:F1} s = {result.Events / append.TotalSeconds:N0} events/s " +
                                  $"({raw.TotalSeconds / append.TotalSeconds:F2}x the raw COPY rate; the loan snapshots are written beside it); snapshots still writing after it: {snapshots.TotalSeconds:F1} s");
            }
            await using var check = ledger.Store.QueryFor(consortium.Id);
            Console.WriteLine($"check: {await check.Query<Loan>().CountAsync():N0} loan snapshots stored");
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>
    /// Only the deciding step, in memory and on one thread: the same file read and decided <paramref name="repeat"/> times
    /// (parsing alone, then parsing and deciding), so the decisions can be profiled and timed without the writes.
    /// </summary>
    public static async Task DecideOnlyAsync(int memberCount, int targetEvents, int repeat)
    {
        await using var ledger = await BenchLedger.StartAsync();
        var consortium = await BenchConsortium.CreateAsync(ledger, memberCount);
        Consortium c;
        await using (var query = ledger.Store.QueryFor(consortium.Id))
            c = await query.LoadAsync<Consortium>(consortium.Id) ?? throw new InvalidOperationException("no consortium");
        var file = Path.Combine(Path.GetTempPath(), $"loan-history-{Guid.NewGuid():N}.csv");
        try
        {
            var (lines, _) = Write(file, consortium, targetEvents);
            for (var i = 0; i < repeat; i++)
            {
                var paused = GC.GetTotalPauseDuration();
                var clock = Stopwatch.StartNew();
                using (var reader = File.OpenText(file))
                    foreach (var _ in LoanImportParser.Read(reader, c.BaseCurrency)) { }
                var parsed = clock.Elapsed;
                clock.Restart();
                var replay = new LoanHistoryReplay(new LoanHistoryFacts(c.Id, c.BaseCurrency, c.Calendar(), c.Calendar().Today(SystemClock.Instance),
                    consortium.Members, consortium.Agreement, new HashSet<string>(), []), SystemClock.Instance.GetCurrentInstant()).Start();
                using (var reader = File.OpenText(file))
                    foreach (var (line, reject) in ReadAhead.Of(LoanImportParser.Read(reader, c.BaseCurrency)))
                        if (reject is null) replay.Apply(line!); else replay.Reject(reject);
                var decided = clock.Elapsed;
                var outcome = replay.Outcome;
                if (outcome.Rejects.Count > 0) throw new InvalidOperationException($"line {outcome.Rejects[0].Line}: {outcome.Rejects[0].Message}");
                var serializer = ledger.Store.Options.Serializer();
                clock.Restart();
                long bytes = 0;
                foreach (var l in outcome.Loans) bytes += serializer.ToJson(l.Loan).Length;
                var loansJson = clock.Elapsed;
                clock.Restart();
                foreach (var l in outcome.Loans) foreach (var e in l.Events) bytes += serializer.ToJson(e).Length;
                Console.WriteLine($"serialising: {outcome.Loans.Count:N0} loans in {loansJson.TotalSeconds:F2} s, {outcome.Events:N0} events in {clock.Elapsed.TotalSeconds:F2} s ({bytes / 1_048_576.0:F0} MiB)");
                Console.WriteLine($"decide only, pass {i + 1}: {lines:N0} lines read in {parsed.TotalSeconds:F2} s; read and decided in {decided.TotalSeconds:F2} s " +
                                  $"= {lines / decided.TotalSeconds:N0} lines/s ({outcome.Events:N0} events; GC pauses {(GC.GetTotalPauseDuration() - paused).TotalSeconds:F2} s, " +
                                  $"gen0/1/2 GCs so far {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}, server GC {System.Runtime.GCSettings.IsServerGC})");
            }
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>Loans (request, shipped, received, returnShipped, loanCompleted: 6 events with the charge) and, one in ten, copies (3 events).</summary>
    internal static (long Lines, int Loans) Write(string path, BenchConsortium consortium, int targetEvents)
    {
        using var w = new StreamWriter(path);
        w.WriteLine("borrower,requestId,action,on,lender,serviceType,serviceLevel,pages,dueDate");
        var random = new Random(15);
        var members = consortium.Members;
        long lines = 1;
        var events = 0;
        var loans = 0;
        var year = new LocalDate(BenchConsortium.Year, 1, 1);
        string[] levels = ["normal", "normal", "normal", "rush", "express"];
        while (events < targetEvents)
        {
            var b = members[random.Next(members.Count)];
            var l = members[random.Next(members.Count)];
            if (b.Id == l.Id) continue;
            var id = $"H{loans++}";
            var on = year.PlusDays(random.Next(330));
            string D(LocalDate d) => d.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture);
            var level = levels[random.Next(levels.Length)];
            if (loans % 10 == 0)
            {
                w.WriteLine($"{b.Code},{id},request,{D(on)},{l.Code},copy,{level},,");
                w.WriteLine($"{b.Code},{id},copyCompleted,{D(on.PlusDays(1))},,,,{5 + random.Next(40)},");
                lines += 2;
                events += 3;
                continue;
            }
            w.WriteLine($"{b.Code},{id},request,{D(on)},{l.Code},loan,{level},,");
            w.WriteLine($"{b.Code},{id},shipped,{D(on.PlusDays(1))},,,,,{D(on.PlusDays(29))}");
            w.WriteLine($"{b.Code},{id},received,{D(on.PlusDays(3))},,,,,");
            w.WriteLine($"{b.Code},{id},returnShipped,{D(on.PlusDays(25))},,,,,");
            w.WriteLine($"{b.Code},{id},loanCompleted,{D(on.PlusDays(28))},,,,,");
            lines += 5;
            events += 6;
        }
        return (lines, loans);
    }

    private static async Task CopyLinesAsync(string connectionString, string file)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using (var create = new NpgsqlCommand("DROP TABLE IF EXISTS public.bench_raw_lines; CREATE TABLE public.bench_raw_lines " +
                                                    "(borrower text, request_id text, action text, \"on\" text, lender text, service_type text, service_level text, pages text, due_date text)", conn))
            await create.ExecuteNonQueryAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await using (var writer = await conn.BeginTextImportAsync("COPY public.bench_raw_lines FROM STDIN (FORMAT csv, HEADER true)"))
        using (var reader = File.OpenText(file))
        {
            var buffer = new char[1 << 16];
            int n;
            while ((n = await reader.ReadAsync(buffer)) > 0) await writer.WriteAsync(buffer.AsMemory(0, n));
        }
        await tx.CommitAsync();
    }
}
