using SharingLedger.Infrastructure.Marten;
using System.Diagnostics;
using System.Text.Json;
using JasperFx.Events;
using Marten;
using NodaTime;
using Npgsql;
using SharingLedger.Ledger;

namespace SharingLedger.Benchmarks.Ledger;

/// <summary>
/// Issue 5: a member's statement with a hundred thousand postings and the council's balance view over all members, timed
/// as the endpoints run them (the same view code, then the JSON the endpoint writes) and as an HTTP client sees them.
/// The postings come from real events bulk-appended and turned into postings by a rebuild of the inline
/// <see cref="PostingProjection"/>, on top of the dues the API assessed.
/// </summary>
public static class StatementAndBalancesRun
{
    private const int Warmups = 1;
    private const int Runs = 5;

    public static async Task RunAsync(int memberCount, int bigPostings)
    {
        await using var ledger = await BenchLedger.StartAsync();
        var clock = Stopwatch.StartNew();
        var consortium = await BenchConsortium.CreateAsync(ledger, memberCount);
        var big = consortium.Members[0];
        Console.WriteLine($"setup: {memberCount} members, agreement and dues through the API in {clock.Elapsed.TotalSeconds:F1} s");

        clock.Restart();
        var store = ledger.Store;
        var actions = LedgerTraffic.Generate(consortium, big, bigPostings).Select(s =>
        {
            var a = StreamAction.Start(store.Events, s.StreamId, s.Events.ToArray());
            a.AggregateType = s.AggregateType;
            return a;
        }).ToList();
        // An instant half way through the append: "as known then" counts the first half of the traffic.
        var chunks = actions.Chunk(5_000).ToList();
        var halfway = SystemClock.Instance.GetCurrentInstant();
        for (var i = 0; i < chunks.Count; i++)
        {
            if (i == chunks.Count / 2) halfway = SystemClock.Instance.GetCurrentInstant();
            await store.BulkInsertEventsAsync(ConsortiumTenancy.TenantOf(consortium.Id), chunks[i], 10_000);
        }
        var appended = clock.Elapsed;
        clock.Restart();
        using (var daemon = await store.BuildProjectionDaemonAsync())
            await daemon.RebuildProjectionAsync(typeof(PostingProjection), TimeSpan.FromMinutes(120), CancellationToken.None); // a loaded machine needs more than half an hour
        var rebuilt = clock.Elapsed;
        clock.Restart();
        // What autovacuum does after a bulk load (PostgreSQL 13+ vacuums after inserts): statistics for the planner and
        // the visibility map that lets the ledger-order index answer without visiting the table. Timed apart.
        await using (var connection = new NpgsqlConnection(ledger.ConnectionString))
        {
            await connection.OpenAsync();
            await using var vacuum = new NpgsqlCommand($"vacuum analyze {PostingColumns.Table}, {PostingTotals.MemberTable}, {PostingTotals.ItemTable}", connection)
                { CommandTimeout = 600 };
            await vacuum.ExecuteNonQueryAsync();
        }
        Console.WriteLine($"vacuum analyze of the postings: {clock.Elapsed.TotalSeconds:F1} s");
        await using (var session = store.QueryFor(consortium.Id))
        {
            var all = await session.Query<Posting>().CountAsync(p => p.ConsortiumId == consortium.Id);
            var members = await session.Query<Posting>().CountAsync(p => p.ConsortiumId == consortium.Id && p.MemberId != null);
            var mine = await session.Query<Posting>().CountAsync(p => p.ConsortiumId == consortium.Id && p.MemberId == big.Id);
            Console.WriteLine($"appended {actions.Sum(a => a.Events.Count):N0} events in {appended.TotalSeconds:F1} s, postings rebuilt in {rebuilt.TotalSeconds:F1} s: " +
                              $"{all:N0} postings, {members:N0} on members' accounts, {mine:N0} of them {big.Code}'s");
        }

        var c = consortium.Id;
        await Time($"statement of {big.Code} (view + JSON)", async () =>
        {
            await using var session = store.QueryFor(c);
            var (view, _) = await LedgerViewEndpoints.StatementAsync(c, big.Id, null, null, session, CancellationToken.None);
            return $"{view!.Lines.Count:N0} lines, {view.OpenItems.Count:N0} open items, {JsonSerializer.SerializeToUtf8Bytes(view, BenchLedger.Json).Length / 1024:N0} KB";
        });
        await Time($"statement of {big.Code} (HTTP GET)", async () => $"{await ledger.GetAsync($"/consortia/{c}/members/{big.Id}/statement") / 1024:N0} KB");
        var other = consortium.Members[^1];
        await Time($"statement of {other.Code} (HTTP GET)", async () => $"{await ledger.GetAsync($"/consortia/{c}/members/{other.Id}/statement") / 1024:N0} KB");
        // Now (today, every posting in force): from the running totals. As of a past year end: added up from the postings.
        await Time("balances now (view + JSON)", async () =>
        {
            await using var session = store.QueryFor(c);
            var (view, _) = await LedgerViewEndpoints.BalancesAsync(c, null, null, session, SystemClock.Instance, CancellationToken.None);
            return $"{view!.Members.Count:N0} members, outstanding {view.TotalOutstanding}, {JsonSerializer.SerializeToUtf8Bytes(view, BenchLedger.Json).Length / 1024:N0} KB";
        });
        await Time("balances now (HTTP GET)", async () => $"{await ledger.GetAsync($"/consortia/{c}/balances") / 1024:N0} KB");
        await Time($"statement of {big.Code} as of 2025-12-31 (HTTP GET)",
            async () => $"{await ledger.GetAsync($"/consortia/{c}/members/{big.Id}/statement?asOf=2025-12-31") / 1024:N0} KB");
        await Time("balances as of 2025-12-31 (view + JSON)", async () =>
        {
            await using var session = store.QueryFor(c);
            var (view, _) = await LedgerViewEndpoints.BalancesAsync(c, "2025-12-31", null, session, SystemClock.Instance, CancellationToken.None);
            return $"{view!.Members.Count:N0} members, outstanding {view.TotalOutstanding}, {JsonSerializer.SerializeToUtf8Bytes(view, BenchLedger.Json).Length / 1024:N0} KB";
        });
        await Time("balances as of 2025-12-31 (HTTP GET)", async () => $"{await ledger.GetAsync($"/consortia/{c}/balances?asOf=2025-12-31") / 1024:N0} KB");
        // Issue 14, past dates: other earlier dates, and as known at an instant half way through the traffic's append.
        foreach (var (asOf, knownAt) in new (string, Instant?)[] { ("2025-06-30", null), ("2025-08-15", null), ("2024-12-31", null), ("2020-12-31", null), ("2025-12-31", halfway) })
        {
            var known = knownAt is { } k ? NodaTime.Text.InstantPattern.ExtendedIso.Format(k) : null;
            await Time($"balances as of {asOf}{(known is null ? "" : " known at half way")} (view + JSON)", async () =>
            {
                await using var session = store.QueryFor(c);
                var (view, _) = await LedgerViewEndpoints.BalancesAsync(c, asOf, known, session, SystemClock.Instance, CancellationToken.None);
                return $"{view!.Members.Count:N0} members, outstanding {view.TotalOutstanding}, over 90 days {view.Members.Sum(m => m.Ageing.Over90.Minor) / 100m:N2}";
            });
            // The same figures as main read them before the month-end snapshots: the totals less the later postings (PostingsAfter),
            // or, when at least half of the postings are later, the full recomputation below.
            await Time($"  the same by the totals less later postings (PostingsAfter)", async () =>
            {
                await using var session = store.QueryFor(c);
                var day = NodaTime.Text.LocalDatePattern.Iso.Parse(asOf).Value;
                var running = await PostingTotals.MembersAsync(session, c, null, "USD", CancellationToken.None);
                if (await PostingsAfter.ReadAsync(session, c, null, "USD", day, knownAt, running, CancellationToken.None) is not { } past)
                    return "not answered: at least half of the postings are later (main recomputes, as below)";
                var rows = consortium.Members.Select(m => Balances.Of(m.Id, m.Code, past.Totals.GetValueOrDefault(m.Id)?.Totals ?? new MemberTotals(m.Id, 0, 0, 0, 0, 0),
                    past.Open.GetValueOrDefault(m.Id) ?? [], "USD", day)).ToList();
                return $"{rows.Count:N0} members, outstanding {rows.Sum(r => r.Outstanding.Minor) / 100m:N2}, over 90 days {rows.Sum(r => r.Ageing.Over90.Minor) / 100m:N2}";
            });
            // The same figures by the full recomputation from the postings in force (PostingSql: what every past-date read did before).
            await Time($"  the same by full recomputation (PostingSql)", async () =>
            {
                await using var session = store.QueryFor(c);
                var day = NodaTime.Text.LocalDatePattern.Iso.Parse(asOf).Value;
                var totals = await PostingSql.TotalsAsync(session, c, "USD", day, knownAt, CancellationToken.None);
                var open = await PostingSql.OpenItemsAsync(session, c, null, "USD", day, knownAt, CancellationToken.None);
                var rows = consortium.Members.Select(m => Balances.Of(m.Id, m.Code, totals.GetValueOrDefault(m.Id) ?? new MemberTotals(m.Id, 0, 0, 0, 0, 0),
                    open.GetValueOrDefault(m.Id) ?? [], "USD", day)).ToList();
                return $"{rows.Count:N0} members, outstanding {rows.Sum(r => r.Outstanding.Minor) / 100m:N2}, over 90 days {rows.Sum(r => r.Ageing.Over90.Minor) / 100m:N2}";
            });
        }
        // The console's balances page (issue 16): the same figures with ageing, the hub roll-up and the chart, rendered as HTML;
        // now, as of a past date and as known at an instant (day and time in the consortium's zone).
        ConsoleSession auditor;
        try { auditor = await ConsoleSession.SignInAsync(ledger, c, "auditor"); }
        catch (InvalidOperationException e) { Console.WriteLine($"console pages not timed: {e.Message}"); return; }
        await Time("console balances page (HTTP GET, signed in)", async () => $"{await auditor.PageAsync("/balances") / 1024:N0} KB");
        await Time("console balances page as of 2025-12-31 (HTTP GET, signed in)", async () => $"{await auditor.PageAsync("/balances?AsOf=2025-12-31") / 1024:N0} KB");
        var zone = DateTimeZoneProviders.Tzdb["Asia/Shanghai"]; // the benchmark consortium's zone
        var knownLocal = halfway.InZone(zone).LocalDateTime.PlusMinutes(1);
        await Time("console balances page as of 2025-12-31 known at half way (HTTP GET, signed in)", async () =>
            $"{await auditor.PageAsync($"/balances?AsOf=2025-12-31&KnownDate={knownLocal:uuuu-MM-dd}&KnownTime={knownLocal:HH:mm}") / 1024:N0} KB");
    }

    private static async Task Time(string what, Func<Task<string>> run)
    {
        var result = "";
        var first = Stopwatch.StartNew(); // the first run apart: a past date's first read takes its month-end snapshot
        for (var i = 0; i < Warmups; i++) result = await run();
        var warmup = first.Elapsed.TotalMilliseconds;
        var times = new List<double>();
        for (var i = 0; i < Runs; i++)
        {
            var clock = Stopwatch.StartNew();
            await run();
            times.Add(clock.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        Console.WriteLine($"{what}: median {times[Runs / 2]:N0} ms (min {times[0]:N0}, max {times[^1]:N0}, first {warmup:N0}); {result}");
    }
}
