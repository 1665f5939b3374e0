using SharingLedger.Kernel.CostSharing;
using M = SharingLedger.Kernel.Money.Money;

namespace SharingLedger.Benchmarks;

/// <summary>
/// A synthetic consortium: members with FTE and budgets, and subscriptions whose caps are +10% over a
/// previous term split on older figures, so that a share of the members is capped and excess must be
/// redistributed. Seeded, so every run sees the same data.
/// </summary>
public sealed class ConsortiumFixture
{
    public static readonly CostSharingRule Rule = CostSharingRule.WeightedBy(0.3m,
        new Dictionary<BasisAttribute, decimal> { [BasisAttribute.Fte] = 0.5m, [BasisAttribute.Budget] = 0.5m });

    public IReadOnlyList<MemberFigures> Members { get; }
    public IReadOnlyList<(M Total, ShareModifiers Modifiers)> Subscriptions { get; }

    public ConsortiumFixture(int members, int subscriptions, int seed = 20260101)
    {
        var random = new Random(seed);
        var current = new List<MemberFigures>(members);
        var previous = new List<MemberFigures>(members);
        for (var i = 0; i < members; i++)
        {
            var fte = random.Next(200, 40_000);
            var budget = random.Next(50_000, 20_000_000) + random.Next(0, 100) / 100m;
            current.Add(Figures($"LIB{i:D5}", fte, budget));
            // Last term's figures differ by up to ±25%, which moves shares by more than the 10% cap allows.
            previous.Add(Figures($"LIB{i:D5}", (int)(fte * (0.75 + random.NextDouble() / 2)), Math.Round(budget * (decimal)(0.75 + random.NextDouble() / 2), 2)));
        }
        Members = current;

        var lastTerm = PreparedRule.Prepare(Rule, previous);
        var subs = new List<(M, ShareModifiers)>(subscriptions);
        for (var s = 0; s < subscriptions; s++)
        {
            var total = new M(random.NextInt64(1_000_000, 500_000_000), "USD");
            var last = lastTerm.Apportion(new M(total.Minor * 95 / 100, "USD"));
            var caps = last.Shares.ToDictionary(x => x.MemberId, x => ShareCaps.IncreaseOverPrevious(x.Amount, 10m), StringComparer.Ordinal);
            subs.Add((total, new ShareModifiers(Caps: caps)));
        }
        Subscriptions = subs;
    }

    private static MemberFigures Figures(string id, int fte, decimal budget) =>
        new(id, new Dictionary<BasisAttribute, decimal> { [BasisAttribute.Fte] = fte, [BasisAttribute.Budget] = budget });
}
