using System.Diagnostics;
using BenchmarkDotNet.Running;
using SharingLedger.Benchmarks;
using SharingLedger.Benchmarks.Ledger;

namespace SharingLedger.Benchmarks;

// dotnet run -c Release --project benchmarks/SharingLedger.Benchmarks -- --filter '*' --job short
// dotnet run -c Release --project benchmarks/SharingLedger.Benchmarks -- --once 2000 1000   (one timed pass, no harness)
// dotnet run -c Release --project benchmarks/SharingLedger.Benchmarks -- --import 2000 1000000   (issue 4: import and clear a year)
// dotnet run -c Release --project benchmarks/SharingLedger.Benchmarks -- --clearing 2000 1000000   (issue 14: a month's clearing at a year's traffic)
// dotnet run -c Release --project benchmarks/SharingLedger.Benchmarks -- --loan-history 200 1000000   (issue 15: import loan history)
// dotnet run -c Release --project benchmarks/SharingLedger.Benchmarks -- --loan-history-decide 200 1000000 3   (only its deciding step, in memory)
// dotnet run -c Release --project benchmarks/SharingLedger.Benchmarks -- --ledger 2000 100000    (issue 5: statement and balances)
// dotnet run -c Release --project benchmarks/SharingLedger.Benchmarks -- --two-databases 200 1000000 [consortia per database]   (issue 14 item 6: import and rebuild across two databases)
// dotnet run -c Release --project benchmarks/SharingLedger.Benchmarks -- --chain-rebuild 200 1000000 [published service folder]   (issue 14: rebuild of the hash chain; the rebuild-chain command run from that folder, else from this build)
// dotnet run -c Release --project benchmarks/SharingLedger.Benchmarks -- --projection-rebuild 200 300000 100000   (issue 14: rebuild of the loan snapshots and the postings)
// dotnet run -c Release --project benchmarks/SharingLedger.Benchmarks -- --posting-rebuild 200 100000 3   (issue 14: the operator's rebuild-postings alone, against the daemon's rows)
// dotnet run -c Release --project benchmarks/SharingLedger.Benchmarks -- --year-figures 2000 159000 3   (issue 14: a year's ILL statistics worked out in memory)
// dotnet run -c Release --project benchmarks/SharingLedger.Benchmarks -- --reconciliation-csv 2000 144 4   (issue 14: a national year's reconciliation as CSV, in memory)

/// <summary>The entry point (not top-level statements: the ledger's own <c>Program</c> is what the benchmarks host).</summary>
public static class BenchmarkProgram
{
    public static async Task Main(string[] args)
    {
        switch (args)
        {
            case ["--import", var members, var events]:
                await ImportAndClearRun.RunAsync(int.Parse(members), int.Parse(events));
                return;
            case ["--clearing", var members, var events]:
                await ImportAndClearRun.RunClearingAsync(int.Parse(members), int.Parse(events));
                return;
            case ["--loan-history", var members, var events]:
                await LoanHistoryRun.RunAsync(int.Parse(members), int.Parse(events));
                return;
            case ["--loan-history-decide", var members, var events, var repeat]:
                await LoanHistoryRun.DecideOnlyAsync(int.Parse(members), int.Parse(events), int.Parse(repeat));
                return;
            case ["--two-databases", var members, var events]:
                await TwoDatabasesRun.RunAsync(int.Parse(members), int.Parse(events));
                return;
            case ["--two-databases", var members, var events, var consortia]:
                await TwoDatabasesRun.RunAsync(int.Parse(members), int.Parse(events), int.Parse(consortia));
                return;
            case ["--chain-rebuild", var members, var events]:
                await ChainRebuildRun.RunAsync(int.Parse(members), int.Parse(events), null);
                return;
            case ["--chain-rebuild", var members, var events, var service]:
                await ChainRebuildRun.RunAsync(int.Parse(members), int.Parse(events), service);
                return;
            case ["--projection-rebuild", var members, var loanEvents, var postingEvents]:
                await ProjectionRebuildRun.RunAsync(int.Parse(members), int.Parse(loanEvents), int.Parse(postingEvents));
                return;
            case ["--posting-rebuild", var members, var postingEvents, var runs]:
                await ProjectionRebuildRun.PostingsAsync(int.Parse(members), int.Parse(postingEvents), int.Parse(runs));
                return;
            case ["--year-figures", var members, var loans, var runs]:
                YearFiguresRun.Run(int.Parse(members), int.Parse(loans), int.Parse(runs));
                return;
            case ["--reconciliation-csv", var members, var costs, var runs]:
                await ReconciliationCsvRun.RunAsync(int.Parse(members), int.Parse(costs), int.Parse(runs));
                return;
            case ["--ledger", var members, var postings]:
                await StatementAndBalancesRun.RunAsync(int.Parse(members), int.Parse(postings));
                return;
            case ["--once", var members, var subscriptions]:
            {
                var benchmark = new CappedApportioningBenchmark { Members = int.Parse(members), Subscriptions = int.Parse(subscriptions) };
                benchmark.Setup();
                benchmark.Sequential();
                var clock = Stopwatch.StartNew();
                var capped = benchmark.Sequential();
                var sequential = clock.ElapsedMilliseconds;
                benchmark.Parallel();
                clock.Restart();
                benchmark.Parallel();
                Console.WriteLine($"{members} members x {subscriptions} subscriptions: {sequential} ms on one thread, " +
                                  $"{clock.ElapsedMilliseconds} ms on {Environment.ProcessorCount} cores, {capped} capped shares");
                return;
            }
        }
        BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(args);
    }
}
