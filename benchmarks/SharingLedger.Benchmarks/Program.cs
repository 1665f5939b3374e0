using System.Diagnostics;
using BenchmarkDotNet.Running;
using SharingLedger.Benchmarks;

// dotnet run -c Release --project benchmarks/SharingLedger.Benchmarks -- --filter '*' --job short
// dotnet run -c Release --project benchmarks/SharingLedger.Benchmarks -- --once 2000 1000   (one timed pass, no harness)
if (args is ["--once", var members, var subscriptions])
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
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
