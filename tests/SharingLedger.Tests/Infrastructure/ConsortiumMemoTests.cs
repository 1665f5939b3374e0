using Marten;
using Microsoft.Extensions.DependencyInjection;
using SharingLedger.Infrastructure.Answers;
using SharingLedger.Infrastructure.Marten;
using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Infrastructure;

/// <summary>
/// A node keeps at most <see cref="ConsortiumMemo.Capacity"/> figures; when one more is kept, the one used longest ago goes, not all of
/// them (fifty consortia each with a list of subscriptions and reconciliations would otherwise work every figure out on every request).
/// </summary>
public class ConsortiumMemoTests(LedgerHost host) : LedgerTest(host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>An empty memo, a session of a new consortium, and the keys of the figures worked out (in order).</summary>
    private async Task<(ConsortiumMemo Memo, IQuerySession Session, List<string> Computed)> MemoAsync()
    {
        var c = await Api.EstablishConsortium();
        return (new ConsortiumMemo(), Host.Host.Services.GetRequiredService<IDocumentStore>().QuerySession(ConsortiumTenancy.TenantOf(c)), []);
    }

    [Fact]
    public async Task When_full_the_figure_used_longest_ago_makes_room()
    {
        var (memo, session, computed) = await MemoAsync();
        await using var _ = session;
        Task<string> Figure(string key) => memo.GetOrAddAsync(session, key, () => { computed.Add(key); return Task.FromResult(key); }, Ct);

        await Figure("first");
        await Figure("busy");
        for (var i = 0; i < ConsortiumMemo.Capacity - 2; i++) await Figure($"figure {i}");
        await Figure("busy"); // full now, and "busy" used again: "first" is the one used longest ago
        await Figure("one more");
        await Figure("busy");
        await Figure("figure 0");
        await Figure("first");

        Assert.Equal(ConsortiumMemo.Capacity + 2, computed.Count);
        Assert.Equal(["one more", "first"], computed.TakeLast(2));
        Assert.Equal(1, computed.Count(k => k == "busy"));
    }

    /// <summary>
    /// Heavy figures (a national reconciliation holds 200,000 shares) are bounded by what they weigh together, not only by their number:
    /// three figures of 40 % of <see cref="ConsortiumMemo.Budget"/> do not all stay, the one used longest ago goes, and light figures
    /// used since stay. A figure heavier than the whole budget is still kept while it is the newest.
    /// </summary>
    [Fact]
    public async Task Heavy_figures_are_bounded_by_their_weight_together()
    {
        var (memo, session, computed) = await MemoAsync();
        await using var _ = session;
        var heavy = ConsortiumMemo.Budget * 2 / 5;
        Task<string> Figure(string key, long weight) =>
            memo.GetOrAddAsync(session, key, () => { computed.Add(key); return Task.FromResult(key); }, Ct, _ => weight);

        await Figure("reconciliation 2025", heavy);
        await Figure("light", 10);
        await Figure("reconciliation 2026", heavy);
        Assert.Equal(heavy * 2 + 10, memo.Weight);
        await Figure("reconciliation 2025", heavy); // kept: used again, so 2026 is now the one used longest ago of the heavy
        await Figure("light", 10);
        await Figure("reconciliation 2027", heavy); // 120 % of the budget: 2026 goes
        Assert.Equal(heavy * 2 + 10, memo.Weight);
        await Figure("reconciliation 2025", heavy);
        await Figure("light", 10);
        await Figure("reconciliation 2026", heavy); // worked out again
        Assert.Equal(["reconciliation 2025", "light", "reconciliation 2026", "reconciliation 2027", "reconciliation 2026"], computed);

        await Figure("giant", ConsortiumMemo.Budget * 3); // everything else goes; the giant itself stays while it is the newest
        Assert.Equal(ConsortiumMemo.Budget * 3, memo.Weight);
        await Figure("giant", ConsortiumMemo.Budget * 3);
        Assert.Equal(1, computed.Count(k => k == "giant"));
    }
}
