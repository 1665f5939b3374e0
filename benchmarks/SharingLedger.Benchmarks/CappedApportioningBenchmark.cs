using BenchmarkDotNet.Attributes;
using SharingLedger.Kernel.CostSharing;

namespace SharingLedger.Benchmarks;

/// <summary>
/// Apportioning every subscription of a term among all members under a weighted rule (30% equal,
/// 35% FTE, 35% budget) with a +10% cap per member: exact fractions, redistribution of capped excess,
/// one largest-remainder rounding per subscription. The rule is prepared once for the term's members.
/// </summary>
[MemoryDiagnoser]
public class CappedApportioningBenchmark
{
    private ConsortiumFixture _fixture = null!;

    [Params(500, 1000, 2000)]
    public int Members { get; set; }

    [Params(250, 1000)]
    public int Subscriptions { get; set; }

    [GlobalSetup]
    public void Setup() => _fixture = new ConsortiumFixture(Members, Subscriptions);

    /// <summary>One thread: prepare the rule, then apportion each subscription in turn.</summary>
    [Benchmark(Baseline = true)]
    public long Sequential()
    {
        var prepared = PreparedRule.Prepare(ConsortiumFixture.Rule, _fixture.Members);
        long capped = 0;
        foreach (var (total, modifiers) in _fixture.Subscriptions)
            capped += prepared.Apportion(total, modifiers).Shares.Count(s => s.Capped);
        return capped;
    }

    /// <summary>The same with the subscriptions spread over all cores (a prepared rule is immutable).</summary>
    [Benchmark]
    public long Parallel()
    {
        var prepared = PreparedRule.Prepare(ConsortiumFixture.Rule, _fixture.Members);
        long capped = 0;
        System.Threading.Tasks.Parallel.ForEach(_fixture.Subscriptions,
            () => 0L,
            (subscription, _, sum) => sum + prepared.Apportion(subscription.Total, subscription.Modifiers).Shares.Count(s => s.Capped),
            sum => Interlocked.Add(ref capped, sum));
        return capped;
    }
}
