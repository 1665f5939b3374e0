using SharingLedger.Loans.Rebuild;
using SharingLedger.Infrastructure.Marten;
using System.Diagnostics;
using JasperFx.Events;
using Marten;
using Marten.Services.BatchQuerying;
using NodaTime;
using SharingLedger.Consortia;
using SharingLedger.Loans;
using SharingLedger.Clearing;
using SharingLedger.Reimbursement;
using SharingLedger.LendingDuties;
using SharingLedger.Kernel.Lending;
using SharingLedger.Agreements;

namespace SharingLedger.Benchmarks.Ledger;

/// <summary>
/// Issue 4: import a year of loan traffic for a large consortium with Marten's bulk event append (binary COPY), compare
/// it with a raw COPY of the same rows in the same run, bring the loans' inline snapshots up to date (a bulk append runs
/// no projections), then compute and settle the twelve monthly clearings through the product's own code and endpoints.
/// </summary>
public static class ImportAndClearRun
{
    private const int StreamsPerChunk = 10_000;
    private const int CopyBatch = 10_000;

    /// <summary>
    /// Issue 14, a month's clearing at a year's traffic: the same import without the raw COPY, then a few months computed as
    /// <c>GET …/clearing/{month}</c> computes them, each the median of five after a warm-up, and one month through HTTP.
    /// </summary>
    public static async Task RunClearingAsync(int memberCount, int targetEvents)
    {
        await using var ledger = await BenchLedger.StartAsync();
        var consortium = await BenchConsortium.CreateAsync(ledger, memberCount);
        var store = ledger.Store;
        await AppendTrafficAsync(store, consortium, targetEvents);
        var clock = Stopwatch.StartNew();
        await RebuildLoansAsync(store);
        Console.WriteLine($"Loan snapshots rebuilt in {clock.Elapsed.TotalSeconds:F1} s");
        clock.Restart();
        await RebuildChargedLoansAsync(store);
        Console.WriteLine($"the loans' charges (ChargedLoan) rebuilt in {clock.Elapsed.TotalSeconds:F1} s");
        await CompareLoanRebuildAsync(ledger);
        await using (var connection = new Npgsql.NpgsqlConnection(ledger.ConnectionString))
        {
            await connection.OpenAsync();
            foreach (var table in new[] { "mt_doc_loan", "mt_doc_chargedloan" })
            {
                await using var vacuum = new Npgsql.NpgsqlCommand($"vacuum analyze ledger.{table}", connection) { CommandTimeout = 600 };
                await vacuum.ExecuteNonQueryAsync();
            }
        }
        // The million events generated above are garbage by now (AppendTrafficAsync held them, not this method's state machine):
        // collect them before timing, or a full collection of them lands in some of the runs below (a service holds no such heap).
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        Console.WriteLine($"managed heap before the months are timed: {GC.GetTotalMemory(false) / (1024 * 1024):N0} MiB");
        // The three months in turn, six rounds, the first a warm-up: each month's five timed runs spread over the same stretch of time
        // (timed one month after another, the first month's runs also paid for the code's first calls).
        var months = new[] { 3, 7, 12 }.Select(m => new YearMonth(BenchConsortium.Year, m)).ToList();
        var timesOf = months.ToDictionary(m => m, _ => new List<double>());
        var whatOf = new Dictionary<YearMonth, string>();
        for (var run = 0; run < 6; run++)
        {
            foreach (var month in months)
            {
                clock.Restart();
                await using var session = ledger.Store.QueryFor(consortium.Id);
                var c = await session.LoadAsync<Consortium>(consortium.Id) ?? throw new InvalidOperationException("no consortium");
                var view = await GetClearingEndpoint.ComputeAsync(session, c, month, CancellationToken.None);
                if (run > 0) timesOf[month].Add(clock.Elapsed.TotalMilliseconds);
                whatOf[month] = $"{view.Charges.Count:N0} charges, {view.Positions.Count:N0} positions, balanced {view.Balanced}";
            }
        }
        foreach (var month in months)
        {
            var times = timesOf[month];
            times.Sort();
            Console.WriteLine($"compute {Months.Format(month)}: median {times[2]:N0} ms (min {times[0]:N0}, max {times[^1]:N0}); {whatOf[month]}");
        }
        // Where a month's time goes: the loans' charges selected alone, and the members alone (same session kind, median of five).
        foreach (var (what, read) in new (string, Func<IQuerySession, Task<int>>)[]
                 {
                     ("  the month's charges alone (MonthCharge.InAsync, plain columns)", async s => (await MonthCharge.InAsync(s, consortium.Id, $"{BenchConsortium.Year}-07", CancellationToken.None)).Count),
                     ("  the month's ChargedLoan documents through Marten (what the clearing read before)", async s =>
                         (await s.Query<ChargedLoan>().Where(c => c.Charge!.Month == $"{BenchConsortium.Year}-07" || c.Replacement!.Month == $"{BenchConsortium.Year}-07").ToListAsync()).Count),
                     ("  the members alone (ClearingMember.InAsync: id, code and dates picked out)", async s => (await ClearingMember.InAsync(s, consortium.Id, CancellationToken.None)).Count),
                     ("  the members' whole documents (LoanAccess.MembersAsync, what the clearing read before)", async s => (await LoanAccess.MembersAsync(s, consortium.Id, CancellationToken.None)).Count),
                     ("  the agreement alone (AgreementAsync)", async s => (await LoanAccess.AgreementAsync(s, consortium.Id, CancellationToken.None))?.Versions.Count ?? 0),
                     ("  the month's charged loans' JSON alone, as bytes, not deserialised", async s => (await ChargedJsonAsync(s, $"{BenchConsortium.Year}-07")).Count),
                     ("  the fields the clearing uses, picked out of the JSON by PostgreSQL as text columns", async s => await ChargedFieldsAsync(s, $"{BenchConsortium.Year}-07")),
                     ("  the same JSON deserialised one by one", async s => (await ChargedJsonAsync(s, $"{BenchConsortium.Year}-07"))
                         .Select(j => store.Options.Serializer().FromJson<ChargedLoan>(new MemoryStream(j))).Count()),
                 })
        {
            var times = new List<double>();
            var count = 0;
            for (var run = 0; run < 6; run++)
            {
                clock.Restart();
                await using var session = ledger.Store.QueryFor(consortium.Id);
                count = await read(session);
                if (run > 0) times.Add(clock.Elapsed.TotalMilliseconds);
            }
            times.Sort();
            Console.WriteLine($"{what} {BenchConsortium.Year}-07: median {times[2]:N0} ms (min {times[0]:N0}, max {times[^1]:N0}); {count:N0} rows");
        }
        // The netting alone, from inputs already read (what is left of a month once its reads are done).
        await using (var session = ledger.Store.QueryFor(consortium.Id))
        {
            var c = await session.LoadAsync<Consortium>(consortium.Id) ?? throw new InvalidOperationException("no consortium");
            var members = await ClearingMember.InAsync(session, consortium.Id, CancellationToken.None);
            var charged = await MonthCharge.InAsync(session, consortium.Id, $"{BenchConsortium.Year}-07", CancellationToken.None);
            var agreement = await LoanAccess.AgreementAsync(session, consortium.Id, CancellationToken.None);
            var times = new List<double>();
            for (var run = 0; run < 6; run++)
            {
                clock.Restart();
                var view = ClearingCalculation.Compute(c.Id, new YearMonth(BenchConsortium.Year, 7), c.BaseCurrency, members, charged, agreement);
                if (run > 0) times.Add(clock.Elapsed.TotalMilliseconds);
            }
            times.Sort();
            Console.WriteLine($"  the netting alone (ClearingCalculation.Compute, inputs read) {BenchConsortium.Year}-07: median {times[2]:N0} ms (min {times[0]:N0}, max {times[^1]:N0})");
        }
        // A loan request's quota used, for the busiest borrower of the year: counted over its requests (the read before) and summed
        // from the counts by month (BorrowerRequests), each through a Marten batch as a request reads it, median of 50 after a warm-up.
        await using (var session = ledger.Store.QueryFor(consortium.Id))
        {
            var counting = Stopwatch.StartNew(); // the counts' table made and filled from the snapshots, if no request made it yet
            await session.Database.EnsureStorageExistsAsync(typeof(BorrowerRequestsFeature));
            Console.WriteLine($"  the borrowers' counts by month ready in {counting.Elapsed.TotalSeconds:F1} s");
            var busiest = (await session.Query<Loan>().Select(l => l.BorrowerId).ToListAsync()).GroupBy(b => b).MaxBy(g => g.Count())!.Key;
            var year = Months.In(new DateInterval(new LocalDate(BenchConsortium.Year, 1, 1), new LocalDate(BenchConsortium.Year, 12, 31)));
            var notCounting = LendingFigures.NotCountingTowardQuota;
            foreach (var (what, read) in new (string, Func<IBatchedQuery, Task<long>>)[]
                     {
                         ("counted over its requests (before)", b => b.Query<Loan>().Where(l => l.BorrowerId == busiest && year.Contains(l.RequestedMonth)
                             && !notCounting.Contains(l.State)).Count()),
                         ("summed from the counts by month (BorrowerRequests)", b => BorrowerRequests.UsedAsync(b, session, busiest, year)),
                     })
            {
                var times = new List<double>();
                long used = 0;
                for (var run = 0; run < 51; run++)
                {
                    clock.Restart();
                    var batch = session.CreateBatchQuery();
                    var result = read(batch);
                    await batch.Execute();
                    used = await result;
                    if (run > 0) times.Add(clock.Elapsed.TotalMilliseconds);
                }
                times.Sort();
                Console.WriteLine($"  the busiest borrower's quota used, {what}: {used:N0} requests; median {times[25]:F2} ms (min {times[0]:F2}, max {times[^1]:F2})");
            }
        }
        // The plan of the month's charges' read, as the fields' query above runs it.
        await using (var session = ledger.Store.QueryFor(consortium.Id))
        {
            await using var plan = await session.ExecuteReaderAsync(MonthsCharges(session, "explain (analyze, buffers) select data", $"{BenchConsortium.Year}-07"));
            while (await plan.ReadAsync()) Console.WriteLine("  plan: " + plan.GetString(0));
        }
        var get = new List<double>();
        for (var run = 0; run < 6; run++)
        {
            clock.Restart();
            await ledger.GetAsync($"/consortia/{consortium.Id}/clearing/{BenchConsortium.Year}-07");
            if (run > 0) get.Add(clock.Elapsed.TotalMilliseconds);
        }
        get.Sort();
        Console.WriteLine($"GET clearing {BenchConsortium.Year}-07 (HTTP): median {get[2]:N0} ms (min {get[0]:N0}, max {get[^1]:N0})");
        await TimeYearStatisticsAsync(ledger, consortium.Id);
        // The console's clearing statement of the month, as a finance officer's browser asks for it (signed in; the server's rendering).
        var finance = await ConsoleSession.SignInAsync(ledger, consortium.Id, "finance");
        // The page as it opens (the charges' first page), one member's charges and every charge on one page (to print).
        foreach (var (what, query) in new[] { ("first page of charges", ""), ("one member's charges", "?member=LIB00001"), ("all charges", "?all=true") })
        {
            var page = new List<double>();
            long bytes = 0;
            for (var run = 0; run < 6; run++)
            {
                clock.Restart();
                bytes = await finance.PageAsync($"/clearing/{BenchConsortium.Year}-07{query}");
                if (run > 0) page.Add(clock.Elapsed.TotalMilliseconds);
            }
            page.Sort();
            Console.WriteLine($"console clearing page {BenchConsortium.Year}-07, {what} (HTTP GET, signed in): median {page[2]:N0} ms (min {page[0]:N0}, max {page[^1]:N0}); {bytes / 1024:N0} KB");
        }
    }

    /// <summary>
    /// The council's ILL statistics of the whole fiscal year (every member by month), as <c>GET …/ill-statistics?fiscalYear=</c> computes
    /// them, and the year's net-lender reimbursement as <c>GET …/reimbursement/{year}</c> does; then each through HTTP with its JSON.
    /// </summary>
    private static async Task TimeYearStatisticsAsync(BenchLedger ledger, Guid consortiumId)
    {
        var year = BenchConsortium.Year;
        async Task<T> Computed<T>(Func<IQuerySession, Consortium, Task<T>> compute)
        {
            await using var session = ledger.Store.QueryFor(consortiumId);
            var c = await session.LoadAsync<Consortium>(consortiumId) ?? throw new InvalidOperationException("no consortium");
            return await compute(session, c);
        }
        await MedianOfFiveAsync($"compute ILL statistics FY{year}", async () =>
        {
            var view = await Computed((s, c) => Loans.Statistics.GetIllStatisticsEndpoint.ComputeAsync(s, c, year, null, c.Calendar().Year(year), CancellationToken.None));
            return $"{view.Consortium.RequestsMade:N0} requests made, {view.Consortium.RequestsMadeFilled:N0} filled, {view.Members.Count:N0} members, " +
                   $"billed {view.Consortium.ChargesBilledAsLender}";
        });
        await MedianOfFiveAsync($"GET ILL statistics FY{year} (HTTP)",
            async () => $"{await ledger.GetAsync($"/consortia/{consortiumId}/ill-statistics?fiscalYear={year}") / 1024:N0} KB");
        foreach (var encoding in new[] { "br", "gzip" })
            await MedianOfFiveAsync($"GET ILL statistics FY{year} (HTTP, {encoding})",
                async () => $"{await ledger.GetAsync($"/consortia/{consortiumId}/ill-statistics?fiscalYear={year}", encoding) / 1024:N0} KB sent");
        await MedianOfFiveAsync($"compute reimbursement FY{year}", async () =>
        {
            var computed = await Computed((s, c) => Reimbursement.GetReimbursementEndpoint.ComputeAsync(s, c, year, NodaTime.SystemClock.Instance, CancellationToken.None));
            var view = computed.View ?? throw new InvalidOperationException($"no reimbursement: {computed.NotComputable}");
            return $"{view.Payouts.Count:N0} members, {view.Payouts.Sum(p => p.Loans):N0} loans supplied, paid {view.Total}";
        });
        await MedianOfFiveAsync($"GET reimbursement FY{year} (HTTP)",
            async () => $"{await ledger.GetAsync($"/consortia/{consortiumId}/reimbursement/{year}") / 1024:N0} KB");
    }

    /// <summary>Runs <paramref name="run"/> six times and prints the median of the last five, their range and what the last one said.</summary>
    private static async Task MedianOfFiveAsync(string what, Func<Task<string>> run)
    {
        var times = new List<double>();
        var said = "";
        for (var i = 0; i < 6; i++)
        {
            var clock = Stopwatch.StartNew();
            said = await run();
            if (i > 0) times.Add(clock.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        Console.WriteLine($"{what}: median {times[2]:N0} ms (min {times[0]:N0}, max {times[^1]:N0}); {said}");
    }

    /// <summary><paramref name="select"/> over the session's charged loans of the month, found as the clearing found them before its plain columns (both months' columns).</summary>
    private static Npgsql.NpgsqlCommand MonthsCharges(IQuerySession session, string select, string month)
    {
        var command = new Npgsql.NpgsqlCommand(
            $"{select} from ledger.mt_doc_chargedloan where tenant_id = $1 and (chargemonth = $2 or replacementmonth = $2)");
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = session.TenantId });
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = month });
        return command;
    }

    /// <summary>The month's charged loans' stored JSON, read as the clearing selected them before its plain columns (both months' columns), without Marten.</summary>
    private static async Task<List<byte[]>> ChargedJsonAsync(IQuerySession session, string month)
    {
        var rows = new List<byte[]>();
        await using var reader = await session.ExecuteReaderAsync(MonthsCharges(session, "select data::text", month));
        while (await reader.ReadAsync()) rows.Add(reader.GetFieldValue<byte[]>(0));
        return rows;
    }

    /// <summary>
    /// The month's charges as the clearing uses them, each field picked out of the stored JSON by PostgreSQL (->>) and read as a
    /// text column: what a read that never prints whole documents would cost (a measure for the next step, not what the service does).
    /// </summary>
    private static async Task<int> ChargedFieldsAsync(IQuerySession session, string month)
    {
        string[] charge = ["loanId", "borrowerId", "lenderId", "basis", "conditionAccepted", "on", "month", "recordedAt", "agreementVersion", "adjustsMonth"];
        string[] money = ["charge", "maxCost", "billed", "transactionFee"];
        string[] replacement = ["loanId", "borrowerId", "lenderId", "lostOn", "on", "month", "recordedAt", "adjustsMonth"];
        var columns = string.Join(", ", new[] { "id::text", "data->>'requestId'" }
            .Concat(charge.Select(f => $"data->'charge'->>'{f}'"))
            .Concat(money.Select(f => $"data->'charge'->'{f}'->>'amount'"))
            .Concat(money.Select(f => $"data->'charge'->'{f}'->>'currency'"))
            .Concat(replacement.Select(f => $"data->'replacement'->>'{f}'"))
            .Concat(["data->'replacement'->'replacementCost'->>'amount'", "data->'replacement'->'replacementCost'->>'currency'"]));
        var rows = 0;
        await using var reader = await session.ExecuteReaderAsync(MonthsCharges(session, $"select {columns}", month));
        while (await reader.ReadAsync())
        {
            for (var i = 0; i < reader.FieldCount; i++) if (!reader.IsDBNull(i)) _ = reader.GetString(i);
            rows++;
        }
        return rows;
    }

    /// <summary>A year of loan traffic generated and bulk-appended; the events are unreachable once this returns.</summary>
    private static async Task AppendTrafficAsync(DocumentStore store, BenchConsortium consortium, int targetEvents)
    {
        var actions = LoanTraffic.Generate(consortium, targetEvents).Select(s => Action(store, s)).ToList();
        var clock = Stopwatch.StartNew();
        foreach (var chunk in actions.Chunk(StreamsPerChunk)) await store.BulkInsertEventsAsync(ConsortiumTenancy.TenantOf(consortium.Id), chunk, CopyBatch);
        Console.WriteLine($"appended {actions.Sum(a => a.Events.Count):N0} events of {actions.Count:N0} loans in {clock.Elapsed.TotalSeconds:F1} s");
    }

    public static async Task RunAsync(int memberCount, int targetEvents)
    {
        await using var ledger = await BenchLedger.StartAsync();
        var clock = Stopwatch.StartNew();
        var consortium = await BenchConsortium.CreateAsync(ledger, memberCount);
        Console.WriteLine($"setup: {memberCount} members, agreement and dues through the API in {clock.Elapsed.TotalSeconds:F1} s");

        clock.Restart();
        var traffic = LoanTraffic.Generate(consortium, targetEvents);
        var store = ledger.Store;
        var actions = traffic.Select(s => Action(store, s)).ToList();
        var events = actions.Sum(a => a.Events.Count);
        Console.WriteLine($"generated {traffic.Count:N0} loans, {events:N0} events in {clock.Elapsed.TotalSeconds:F1} s; " +
                          string.Join(", ", actions.SelectMany(a => a.Events).GroupBy(e => e.EventType.Name).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count():N0}")));
        var chunks = actions.Chunk(StreamsPerChunk).ToList();

        await RawCopy.CreateTableAsync(ledger.ConnectionString);
        clock.Restart();
        long sequence = 1;
        foreach (var chunk in chunks)
        {
            await RawCopy.CopyAsync(ledger.ConnectionString, store, chunk, sequence, CopyBatch);
            sequence += chunk.Sum(a => a.Events.Count);
        }
        var raw = clock.Elapsed;
        Console.WriteLine($"raw COPY: {events:N0} rows in {raw.TotalSeconds:F1} s = {events / raw.TotalSeconds:N0} rows/s");

        clock.Restart();
        foreach (var chunk in chunks) await store.BulkInsertEventsAsync(ConsortiumTenancy.TenantOf(consortium.Id), chunk, CopyBatch);
        var bulk = clock.Elapsed;
        Console.WriteLine($"Marten bulk append: {events:N0} events in {bulk.TotalSeconds:F1} s = {events / bulk.TotalSeconds:N0} events/s " +
                          $"({bulk.TotalSeconds / raw.TotalSeconds:F2}x the raw COPY time)");

        clock.Restart();
        await RebuildLoansAsync(store);
        var rebuild = clock.Elapsed;
        Console.WriteLine($"Loan snapshots rebuilt from the imported events in {rebuild.TotalSeconds:F1} s = {events / rebuild.TotalSeconds:N0} events/s; " +
                          $"import + catch-up {events / (bulk + rebuild).TotalSeconds:N0} events/s");
        clock.Restart();
        await RebuildChargedLoansAsync(store);
        Console.WriteLine($"the loans' charges (ChargedLoan) rebuilt in {clock.Elapsed.TotalSeconds:F1} s");

        await ClearAsync(ledger, consortium);
    }

    /// <summary>The loans' inline snapshots, which a bulk append bypasses.</summary>
    private static async Task RebuildLoansAsync(DocumentStore store)
    {
        using var daemon = await store.BuildProjectionDaemonAsync();
        await daemon.RebuildProjectionAsync<Loan>(TimeSpan.FromMinutes(30), CancellationToken.None);
    }

    /// <summary>The loans' charges that a month's clearing reads (the inline <see cref="ChargedLoanProjection"/>, also bypassed by a bulk append).</summary>
    private static async Task RebuildChargedLoansAsync(DocumentStore store)
    {
        using var daemon = await store.BuildProjectionDaemonAsync();
        await daemon.RebuildProjectionAsync(typeof(ChargedLoanProjection), TimeSpan.FromMinutes(30), CancellationToken.None);
    }

    /// <summary>All twelve months: computed as GET .../clearing/{month} computes them, then settled through the endpoint.</summary>
    private static async Task ClearAsync(BenchLedger ledger, BenchConsortium consortium)
    {
        var months = Enumerable.Range(1, 12).Select(m => new YearMonth(BenchConsortium.Year, m)).ToList();
        var total = Stopwatch.StartNew();
        foreach (var month in months)
        {
            var clock = Stopwatch.StartNew();
            await using var session = ledger.Store.QueryFor(consortium.Id);
            var c = await session.LoadAsync<Consortium>(consortium.Id) ?? throw new InvalidOperationException("no consortium");
            var view = await GetClearingEndpoint.ComputeAsync(session, c, month, CancellationToken.None);
            Console.WriteLine($"  compute {Months.Format(month)}: {view.Charges.Count:N0} charges, {view.Positions.Count:N0} positions, " +
                              $"balanced {view.Balanced}, {clock.ElapsedMilliseconds:N0} ms");
        }
        var compute = total.Elapsed;
        Console.WriteLine($"computing all twelve clearings: {compute.TotalSeconds:F2} s");

        total.Restart();
        foreach (var month in months)
        {
            var clock = Stopwatch.StartNew();
            var settled = await ledger.PostAsync($"/consortia/{consortium.Id}/clearing/{Months.Format(month)}/settlement", new { });
            Console.WriteLine($"  settle {Months.Format(month)} (HTTP): {settled.GetProperty("charges").GetArrayLength():N0} charges, {clock.ElapsedMilliseconds:N0} ms");
        }
        Console.WriteLine($"settling all twelve clearings through the endpoint: {total.Elapsed.TotalSeconds:F2} s");
    }

    /// <summary>A loan stream as a bulk-append action, with the ids and timestamps the service would have given its events.</summary>
    internal static StreamAction Action(DocumentStore store, LoanStream stream)
    {
        var action = StreamAction.Start(store.Events, stream.LoanId, stream.Events.ToArray());
        action.AggregateType = typeof(Loan);
        foreach (var e in action.Events)
        {
            e.Id = Guid.CreateVersion7();
            e.Timestamp = (e.Data switch { ILoanStep s => s.RecordedAt, LendingCharged c => c.RecordedAt, _ => SystemClock.Instance.GetCurrentInstant() }).ToDateTimeOffset();
            var mapping = store.Events.EventMappingFor(e.EventType);
            e.EventTypeName = mapping.EventTypeName;
            e.DotNetTypeName = mapping.DotNetTypeName;
        }
        return action;
    }

    /// <summary>
    /// The loans rebuilt again outside the daemon (<see cref="LoanRebuild"/>, what <c>rebuild-loans</c> runs), twice over the daemon's rows
    /// and once from emptied tables, each time with the same rows required as the daemon's rebuild left (both tables, every column but
    /// Marten's timestamp: the revision too; and the three tables derived from them).
    /// </summary>
    private const string WithRevision = "(to_jsonb(t) - 'mt_last_modified')::text";

    private static async Task CompareLoanRebuildAsync(BenchLedger ledger)
    {
        var dataSource = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Npgsql.NpgsqlDataSource>(ledger.Host.Services);
        async Task<string> Print() =>
            await ProjectionRebuildRun.TextAsync(dataSource, $"select md5(string_agg({WithRevision}, ',' order by id)) from ledger.mt_doc_loan t") + " " +
            await ProjectionRebuildRun.TextAsync(dataSource, $"select md5(string_agg({WithRevision}, ',' order by id)) from ledger.mt_doc_chargedloan t") + " derived " +
            string.Join(" ", await Task.WhenAll(new[] { "borrower_requests", "month_charges", "loan_facts" }.Select(table =>
                ProjectionRebuildRun.TextAsync(dataSource, $"select md5(string_agg(to_jsonb(t)::text, ',' order by to_jsonb(t)::text)) from ledger.{table} t"))));
        var daemons = await Print();
        var database = (await ledger.Store.Storage.AllDatabases()).Single();
        for (var run = 1; run <= 3; run++)
        {
            // The third from emptied tables, as after a restore that brought back the events without the loans' documents.
            if (run == 3) await ProjectionRebuildRun.TextAsync(dataSource, "truncate ledger.mt_doc_loan, ledger.mt_doc_chargedloan");
            // Each rebuild starts from a collected heap, as the rebuild-loans command does in a process of its own: the million events
            // appended above are garbage but not yet collected, and a full collection of them landed in some rebuilds.
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            var load = File.ReadAllText("/proc/loadavg").Split(' ')[0];
            var own = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
            var r = await LoanRebuild.RebuildAsync(ledger.Store, database, null, CancellationToken.None);
            Console.WriteLine($"rebuild-loans #{run} (LoanRebuild, outside the daemon): {r.Events:N0} events, {r.Loans:N0} loans in {r.Total.TotalSeconds:F1} s = " +
                              $"{r.Events / r.Total.TotalSeconds:N0} events/s ({r.Added:N0} documents added, {r.Corrected:N0} corrected, {r.Removed:N0} removed; reading {r.Reading.TotalSeconds:F1} s over its connections, folding {r.Folding.TotalSeconds:F1} s, " +
                              $"writing {r.Writing.TotalSeconds:F1} s, of which refilling the derived tables {r.Refilling.TotalSeconds:F1} s; this process's CPU {(System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - own).TotalSeconds:F1} s); load {load} -> {File.ReadAllText("/proc/loadavg").Split(' ')[0]}; " +
                              $"the same rows as the daemon's rebuild: {(await Print() == daemons ? "yes" : "NO")}");
        }
    }
}
