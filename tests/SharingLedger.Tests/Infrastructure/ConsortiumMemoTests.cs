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
    [Fact]
    public async Task When_full_the_figure_used_longest_ago_makes_room()
    {
        var c = await Api.EstablishConsortium();
        var memo = new ConsortiumMemo();
        var ct = TestContext.Current.CancellationToken;
        await using var session = Host.Host.Services.GetRequiredService<IDocumentStore>().QuerySession(ConsortiumTenancy.TenantOf(c));
        var computed = new List<string>();
        Task<string> Figure(string key) => memo.GetOrAddAsync(session, key, () => { computed.Add(key); return Task.FromResult(key); }, ct);

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
}
