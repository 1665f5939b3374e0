using CsCheck;
using SharingLedger.Kernel.CostSharing;
using M = SharingLedger.Kernel.Money.Money;

namespace SharingLedger.Kernel.Tests.CostSharing;

/// <summary>A random apportioning problem that validation accepts: any rule, caps near the shares, feasible floors.</summary>
public sealed record ApportionInput(M Total, CostSharingRule Rule, IReadOnlyList<MemberFigures> Members, ShareModifiers Modifiers, int ShuffleSeed)
{
    public override string ToString() =>
        $"total {Total}, rule {Rule.Describe()}, members [{string.Join("; ", Members.Select(m => $"{m.MemberId} fte {m.Get(BasisAttribute.Fte)} budget {m.Get(BasisAttribute.Budget)}"))}], " +
        $"caps [{string.Join(", ", (Modifiers.Caps ?? new Dictionary<string, M>()).Select(c => $"{c.Key} {c.Value}"))}], " +
        $"floors [{string.Join(", ", (Modifiers.Floors ?? new Dictionary<string, M>()).Select(c => $"{c.Key} {c.Value}"))}], " +
        $"phase-in {(Modifiers.PhaseIn is { } p ? $"{p.Year}/{p.Years} from [{string.Join(", ", p.PreviousPercentages.Select(x => $"{x.Key} {x.Value}"))}]" : "none")}";
}

internal static class ApportionGen
{
    private sealed record MemberSeed(int Fte, int Budget, int CapKind, int CapPermille, int FloorKind, int FloorPermille, int Previous);

    private static readonly Gen<MemberSeed> Member =
        Gen.Select(Gen.Int[0, 1000], Gen.Int[0, 5000], Gen.Int[0, 2], Gen.Int[0, 1500], Gen.Int[0, 3], Gen.Int[0, 1000], Gen.Int[0, 10])
            .Select(t => new MemberSeed(t.Item1, t.Item2, t.Item3, t.Item4, t.Item5, t.Item6, t.Item7));

    public static Gen<ApportionInput> Input(bool withFloors = true, bool withPhaseIn = true) =>
        Gen.Select(Gen.Int[1, 25], Gen.Long[0, 5_000_000], Gen.Int[0, 3], Gen.Int[0, 3], Gen.Int[0, int.MaxValue])
            .SelectMany(t => Member.Array[t.Item1].Select(seeds => Build(t.Item2, t.Item3, t.Item4, t.Item5, seeds, withFloors, withPhaseIn)));

    private static ApportionInput Build(long totalMinor, int ruleKind, int phaseKind, int shuffleSeed, MemberSeed[] seeds, bool withFloors, bool withPhaseIn)
    {
        var n = seeds.Length;
        var total = new M(totalMinor, "USD");
        var members = seeds.Select((s, i) => new MemberFigures($"M{i:D2}", new Dictionary<BasisAttribute, decimal>
        {
            // The first member has some of everything, so that no attribute adds up to zero.
            [BasisAttribute.Fte] = s.Fte + (i == 0 ? 1 : 0),
            [BasisAttribute.Budget] = s.Budget + (i == 0 ? 1 : 0) + 0.25m,
        })).ToList();
        var rule = ruleKind switch
        {
            0 => CostSharingRule.Equal(),
            1 => CostSharingRule.ProportionalTo(BasisAttribute.Fte),
            2 => CostSharingRule.WeightedBy(0.3m, new Dictionary<BasisAttribute, decimal> { [BasisAttribute.Fte] = 0.5m, [BasisAttribute.Budget] = 0.5m }),
            _ => CostSharingRule.BandedBy(BasisAttribute.Fte, [CostBand.Weighted(0, 1), CostBand.Weighted(100, 3), CostBand.Weighted(600, 7)]),
        };

        // Caps around a member's fair share (so that some bind and some do not); floors below both
        // the cap and total/n (so that they are feasible).
        var fair = totalMinor / n;
        var caps = new Dictionary<string, M>(StringComparer.Ordinal);
        var floors = new Dictionary<string, M>(StringComparer.Ordinal);
        for (var i = 0; i < n; i++)
        {
            var s = seeds[i];
            long? cap = s.CapKind == 0 ? null : fair * s.CapPermille / 1000;
            if (cap is { } c) caps[members[i].MemberId] = new M(c, "USD");
            if (withFloors && s.FloorKind == 0)
                floors[members[i].MemberId] = new M(Math.Min(cap ?? fair, fair) * s.FloorPermille / 1000, "USD");
        }

        PhaseIn? phaseIn = null;
        if (withPhaseIn && phaseKind == 0)
        {
            var weights = seeds.Select((s, i) => s.Previous + (i == 0 ? 1 : 0)).ToArray();
            var sum = weights.Sum();
            var percentages = weights.Select(w => (decimal)(100 * w / sum)).ToArray();
            percentages[0] += 100 - percentages.Sum();
            var years = 1 + shuffleSeed % 4;
            phaseIn = new PhaseIn(years, 1 + shuffleSeed / 4 % years,
                members.Select((m, i) => (m.MemberId, percentages[i])).ToDictionary(x => x.MemberId, x => x.Item2, StringComparer.Ordinal));
        }
        return new ApportionInput(total, rule, members, new ShareModifiers(caps, floors, phaseIn), shuffleSeed);
    }
}
