using System.Diagnostics;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SharingLedger.Infrastructure.Marten;
using SharingLedger.Ledger;
using SharingLedger.Ledger.Rebuild;
using SharingLedger.Loans;

namespace SharingLedger.Benchmarks.Ledger;

/// <summary>
/// Issue 14, the rebuild of the loan snapshots and the postings: a year of loan traffic and the ledger's money-moving events
/// (<see cref="LedgerTraffic"/>) bulk-appended (no projection runs), then Marten's daemon rebuilds <see cref="Loan"/>,
/// <see cref="ChargedLoanProjection"/> and <see cref="PostingProjection"/> one at a time, as an operator would
/// after a projection change, alternately with Marten's defaults and with the ledger's configuration. Each rebuild is timed
/// with the load average beside it; after each, the table's rows are counted and fingerprinted (the postings' running totals
/// too), and every rebuild must leave exactly what the first left. A sample of loans is also
/// folded live (<c>AggregateStreamAsync</c>, outside the daemon) and compared with the rebuilt documents.
/// </summary>
public static class ProjectionRebuildRun
{
    public static async Task RunAsync(int memberCount, int loanEvents, int postingEvents)
    {
        await using var ledger = await BenchLedger.StartAsync();
        var consortium = await BenchConsortium.CreateAsync(ledger, memberCount);
        var store = ledger.Store;
        var tenant = ConsortiumTenancy.TenantOf(consortium.Id);
        var clock = Stopwatch.StartNew();
        var loans = LoanTraffic.Generate(consortium, loanEvents).Select(s => ImportAndClearRun.Action(store, s)).ToList();
        foreach (var chunk in loans.Chunk(10_000)) await store.BulkInsertEventsAsync(tenant, chunk, 10_000);
        var money = await AppendMoneyAsync(store, consortium, tenant, postingEvents);
        var dataSource = ledger.Host.Services.GetRequiredService<NpgsqlDataSource>();
        await ExecuteAsync(dataSource, $"vacuum analyze {MartenSetup.Schema}.mt_events");
        var all = await ScalarAsync(dataSource, $"select count(*) from {MartenSetup.Schema}.mt_events");
        var loanCount = loans.Sum(a => a.Events.Count);
        var moneyCount = money.Sum(a => a.Events.Count);
        Console.WriteLine($"appended {loanCount:N0} loan events ({loans.Count:N0} loans) and {moneyCount:N0} money-moving events in " +
                          $"{clock.Elapsed.TotalSeconds:F1} s; {all:N0} events in the log");

        var targets = new (string Name, Type Projection, string Table, string Fingerprint, string Order, long Events)[]
        {
            ("Loan snapshots", typeof(Loan), $"{MartenSetup.Schema}.mt_doc_loan", Row, "id", loanCount),
            ("ChargedLoanProjection", typeof(ChargedLoanProjection), $"{MartenSetup.Schema}.mt_doc_chargedloan", Row, "id", loanCount),
            ("PostingProjection", typeof(PostingProjection), PostingColumns.Table, Row, "id", moneyCount),
        };
        string? postingsPrint = null;
        foreach (var target in targets)
        {
            string? first = null;
            // Side by side in one process: Marten's defaults (batches of 500 events, every document written row by row) and then
            // the configuration (RebuildBatch.Size, binary COPY where a batch only inserts), then the defaults again for the
            // short ones. The rows must be the same every time.
            var source = store.Options.Projections.All.OfType<ProjectionBase>()
                .Single(p => p.GetType() == target.Projection || p.GetType() == typeof(Marten.Events.Aggregation.SingleStreamProjection<Loan, Guid>) && target.Projection == typeof(Loan));
            var configured = (source.Options.BatchSize, store.Options.Projections.RebuildWithBulkCopy);
            var runs = target.Projection == typeof(PostingProjection) ? 2 : 3;
            for (var run = 1; run <= runs; run++)
            {
                var defaults = run != 2;
                source.Options.BatchSize = defaults ? 500 : configured.BatchSize;
                store.Options.Projections.RebuildWithBulkCopy = !defaults && configured.RebuildWithBulkCopy;
                var before = LoadAverage();
                clock.Restart();
                using (var daemon = await store.BuildProjectionDaemonAsync())
                {
                    if (target.Projection == typeof(Loan)) await daemon.RebuildProjectionAsync<Loan>(TimeSpan.FromMinutes(60), CancellationToken.None);
                    else await daemon.RebuildProjectionAsync(target.Projection, TimeSpan.FromMinutes(60), CancellationToken.None);
                }
                var elapsed = clock.Elapsed;
                var copied = store.Options.Projections.RebuildWithBulkCopy;
                (source.Options.BatchSize, store.Options.Projections.RebuildWithBulkCopy) = configured;
                var after = LoadAverage();
                Console.WriteLine($"{target.Name} rebuild #{run}, batches of {(defaults ? 500 : configured.BatchSize):N0}{(copied ? ", RebuildWithBulkCopy" : "")}: {elapsed.TotalSeconds:F1} s = {target.Events / elapsed.TotalSeconds:N0} events/s of its traffic " +
                                  $"({all / elapsed.TotalSeconds:N0}/s of the whole log); load {before} -> {after}");
                var (rows, print) = await PrintAsync(dataSource, target.Table, target.Fingerprint, target.Order, target.Projection == typeof(PostingProjection));
                Console.WriteLine($"  {rows:N0} rows, fingerprint {print}");
                if (run == 1) first = print;
                else Console.WriteLine($"  the same rows as after the first rebuild: {(first == print ? "yes" : "NO")}");
            }
            if (target.Projection == typeof(PostingProjection)) postingsPrint = first;
        }

        // The operator's rebuild outside the daemon (rebuild-postings), twice: the same rows as the daemon's rebuilds.
        var database = await store.Storage.FindOrCreateDatabase(tenant);
        for (var run = 1; run <= 3; run++)
        {
            // The third from an emptied table, as after a restore that brought back the events without the postings.
            if (run == 3) await ExecuteAsync(dataSource, $"truncate {PostingColumns.Table}");
            await OperatorRebuildAsync(store, database, dataSource, $"#{run}", moneyCount, postingsPrint);
        }

        // Outside the daemon: a sample of loans folded live by their own Apply methods, compared with the rebuilt documents.
        var differing = 0;
        var sample = loans.Where((_, i) => i % Math.Max(1, loans.Count / 500) == 0).Select(a => a.Id).ToList();
        await using (var session = store.QuerySession(tenant))
        {
            foreach (var id in sample)
            {
                var live = await session.Events.AggregateStreamAsync<Loan>(id);
                var stored = await session.LoadAsync<Loan>(id);
                var liveCharged = await session.Events.AggregateStreamAsync<ChargedLoan>(id);
                var storedCharged = await session.LoadAsync<ChargedLoan>(id);
                if (Json(store, live) != Json(store, stored) || Json(store, liveCharged) != Json(store, storedCharged)) differing++;
            }
        }
        Console.WriteLine($"{sample.Count:N0} sampled loans folded live against their rebuilt Loan and ChargedLoan documents: {differing} differ");

        // Where the postings' time goes: the same rebuild once more with the running totals' row trigger off (the totals are
        // wrong afterwards; nothing reads them after this), and PostgreSQL alone writing the same rows into a copy of the table.
        await ExecuteAsync(dataSource, $"alter table {PostingColumns.Table} disable trigger {PostingTotalsSchema.TriggerName}; " +
                                       $"alter table {PostingColumns.Table} disable trigger {PostingTotalsSchema.TriggerName}_insert");
        clock.Restart();
        using (var daemon = await store.BuildProjectionDaemonAsync())
            await daemon.RebuildProjectionAsync(typeof(PostingProjection), TimeSpan.FromMinutes(60), CancellationToken.None);
        Console.WriteLine($"PostingProjection rebuild with the totals' row trigger off: {clock.Elapsed.TotalSeconds:F1} s = " +
                          $"{moneyCount / clock.Elapsed.TotalSeconds:N0} events/s of its traffic; load {LoadAverage()}");
        clock.Restart();
        await ExecuteAsync(dataSource, $"create table {PostingColumns.Table}_probe (like {PostingColumns.Table} including all); " +
                                       $"insert into {PostingColumns.Table}_probe select * from {PostingColumns.Table}");
        Console.WriteLine($"PostgreSQL alone: the postings inserted into a copy of the table with its indexes, no trigger: {clock.Elapsed.TotalSeconds:F1} s");
    }

    /// <summary>A table's rows counted and fingerprinted (the postings' running totals too when asked).</summary>
    private static async Task<(long Rows, string Print)> PrintAsync(NpgsqlDataSource dataSource, string table, string fingerprint, string order, bool totals)
    {
        var rows = await ScalarAsync(dataSource, $"select count(*) from {table}");
        var print = await TextAsync(dataSource, $"select md5(string_agg({fingerprint}, ',' order by {order})) from {table} t");
        if (totals)
            print += " totals " + await TextAsync(dataSource, $"select md5(string_agg({Row}, ',' order by consortium_id, member_id, currency)) from {PostingTotals.MemberTable} t") +
                     " " + await TextAsync(dataSource, $"select md5(string_agg({Row}, ',' order by consortium_id, member_id, currency, item_key)) from {PostingTotals.ItemTable} t");
        return (rows, print);
    }

    /// <summary>
    /// The postings alone, for the operator's rebuild (<c>--posting-rebuild</c>): the ledger's money-moving events appended, the daemon's
    /// configured rebuild as the reference, then <c>rebuild-postings</c> <paramref name="runs"/> times with nothing to repair, once
    /// after a hand's damage (postings altered, deleted and added) and once into an emptied table; each must leave the daemon's rows.
    /// </summary>
    public static async Task PostingsAsync(int memberCount, int postingEvents, int runs)
    {
        await using var ledger = await BenchLedger.StartAsync();
        var consortium = await BenchConsortium.CreateAsync(ledger, memberCount);
        var store = ledger.Store;
        var tenant = ConsortiumTenancy.TenantOf(consortium.Id);
        var money = await AppendMoneyAsync(store, consortium, tenant, postingEvents);
        var dataSource = ledger.Host.Services.GetRequiredService<NpgsqlDataSource>();
        await ExecuteAsync(dataSource, $"vacuum analyze {MartenSetup.Schema}.mt_events");
        var moneyCount = money.Sum(a => a.Events.Count);
        var clock = Stopwatch.StartNew();
        using (var daemon = await store.BuildProjectionDaemonAsync())
            await daemon.RebuildProjectionAsync(typeof(PostingProjection), TimeSpan.FromMinutes(60), CancellationToken.None);
        Console.WriteLine($"{moneyCount:N0} money-moving events; the daemon's configured rebuild: {clock.Elapsed.TotalSeconds:F1} s = {moneyCount / clock.Elapsed.TotalSeconds:N0} events/s");
        var (_, reference) = await PrintAsync(dataSource, PostingColumns.Table, Row, "id", totals: true);
        var database = await store.Storage.FindOrCreateDatabase(tenant);
        for (var run = 1; run <= runs; run++)
            await OperatorRebuildAsync(store, database, dataSource, $"#{run}, nothing to repair", moneyCount, reference);
        await ExecuteAsync(dataSource, $"update {PostingColumns.Table} set debit = debit + 1 where id in (select id from {PostingColumns.Table} where debit > 0 order by id limit 10); " +
                                       $"delete from {PostingColumns.Table} where id in (select id from {PostingColumns.Table} order by id desc limit 10); " +
                                       $"insert into {PostingColumns.Table} select (jsonb_populate_record(null::{PostingColumns.Table}, to_jsonb(p) || jsonb_build_object('id', gen_random_uuid()))).* " +
                                       $"from {PostingColumns.Table} p order by id limit 10");
        await OperatorRebuildAsync(store, database, dataSource, "after 10 postings altered, 10 deleted and 10 added", moneyCount, reference);
        await ExecuteAsync(dataSource, $"truncate {PostingColumns.Table}");
        await OperatorRebuildAsync(store, database, dataSource, "into an emptied table", moneyCount, reference);
    }

    /// <summary>The ledger's money-moving events (<see cref="LedgerTraffic"/>) bulk-appended to the consortium's tenant (no projection runs).</summary>
    private static async Task<List<StreamAction>> AppendMoneyAsync(DocumentStore store, BenchConsortium consortium, string tenant, int postingEvents)
    {
        var money = LedgerTraffic.Generate(consortium, consortium.Members[0], postingEvents).Select(s =>
        {
            var a = StreamAction.Start(store.Events, s.StreamId, s.Events.ToArray());
            a.AggregateType = s.AggregateType;
            return a;
        }).ToList();
        foreach (var chunk in money.Chunk(5_000)) await store.BulkInsertEventsAsync(tenant, chunk, 10_000);
        return money;
    }

    private static async Task OperatorRebuildAsync(DocumentStore store, Marten.Storage.IMartenDatabase database, NpgsqlDataSource dataSource, string label,
        long moneyCount, string? reference)
    {
        var before = LoadAverage();
        var r = await PostingRebuild.RebuildAsync(store, database, null, CancellationToken.None);
        Console.WriteLine($"rebuild-postings {label}: {r.Total.TotalSeconds:F1} s = {moneyCount / r.Total.TotalSeconds:N0} events/s of its traffic " +
                          $"({r.Events:N0} events read, {r.Postings:N0} postings; {r.Added:N0} added, {r.Corrected:N0} corrected, {r.Removed:N0} removed); reading {r.Reading.TotalSeconds:F1} s added over the slices, " +
                          $"computing {r.Computing.TotalSeconds:F1} s, loading {r.Loading.TotalSeconds:F1} s, applying {r.Applying.TotalSeconds:F1} s, " +
                          $"recounting {r.Recounting.TotalSeconds:F1} s; load {before} -> {LoadAverage()}");
        var (rows, print) = await PrintAsync(dataSource, PostingColumns.Table, Row, "id", totals: true);
        Console.WriteLine($"  {rows:N0} rows, the same rows and totals as the daemon's rebuild: {(print == reference ? "yes" : "NO")}");
    }

    /// <summary>A row as JSON without the columns a rebuild stamps afresh (Marten's version and last-modified time).</summary>
    internal const string Row = "(to_jsonb(t) - 'mt_version' - 'mt_last_modified')::text";

    private static string Json(DocumentStore store, object? document) => document is null ? "null" : store.Options.Serializer().ToJson(document);

    private static string LoadAverage() => string.Join(" / ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    private static async Task ExecuteAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.CommandTimeout = 600;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> ScalarAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.CommandTimeout = 600;
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    internal static async Task<string> TextAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.CommandTimeout = 600;
        return (await command.ExecuteScalarAsync())?.ToString() ?? "null";
    }
}
