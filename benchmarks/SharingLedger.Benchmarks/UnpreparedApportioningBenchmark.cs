using BenchmarkDotNet.Attributes;
using SharingLedger.Kernel.CostSharing;

namespace SharingLedger.Benchmarks;

/// <summary>
/// The plain entry point, Apportioner.Apportion(total, rule, members, modifiers), which works the rule's
/// weights out again on every call: what one-off callers pay per subscription.
/// </summary>
[MemoryDiagnoser]
public class UnpreparedApportioningBenchmark
{
    private ConsortiumFixture _fixture = null!;

    [Params(500, 1000, 2000)]
    public int Members { get; set; }

    [Params(100)]
    public int Subscriptions { get; set; }

    [GlobalSetup]
    public void Setup() => _fixture = new ConsortiumFixture(Members, Subscriptions);

    [Benchmark]
    public long OneCallPerSubscription()
    {
        long capped = 0;
        foreach (var (total, modifiers) in _fixture.Subscriptions)
            capped += Apportioner.Apportion(total, ConsortiumFixture.Rule, _fixture.Members, modifiers).Shares.Count(s => s.Capped);
        return capped;
    }
}
