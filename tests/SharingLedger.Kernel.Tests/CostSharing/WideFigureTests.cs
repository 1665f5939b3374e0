using CsCheck;
using SharingLedger.Kernel.CostSharing;
using M = SharingLedger.Kernel.Money.Money;

namespace SharingLedger.Kernel.Tests.CostSharing;

/// <summary>
/// Apportioning runs on Int128 when the figures allow it and on BigInteger otherwise; both must give
/// the same exact shares.
/// </summary>
public class WideFigureTests
{
    [Fact]
    public void The_whole_number_split_agrees_with_apportioning()
    {
        ApportionGen.Input(withPhaseIn: false).Sample(input =>
        {
            var prepared = PreparedRule.Prepare(input.Rule, input.Members);
            var ids = prepared.Members.Select(m => m.MemberId).ToList();
            var scaled = Kernel.Arithmetic.CommonDenominator.Of(ids.Select(id => prepared.Weights[id]).ToList());
            var split = CappedSplit.Split(input.Total.Minor, scaled.Numerators,
                ids.Select(id => input.Modifiers.Caps!.TryGetValue(id, out var c) ? c.Minor : (long?)null).ToList(),
                ids.Select(id => input.Modifiers.Floors!.TryGetValue(id, out var f) ? f.Minor : (long?)null).ToList());
            var result = prepared.Apportion(input.Total, input.Modifiers);
            for (var i = 0; i < ids.Count; i++)
                Assert.Equal(new Kernel.Arithmetic.Fraction(split.Numerators[i], split.Denominator), result.Shares[i].ExactMinor);
        }, iter: 200);
    }

    [Fact]
    public void Figures_too_wide_for_Int128_still_split_exactly()
    {
        // Budgets with many digits make the common denominator far wider than 128 bits.
        var members = Enumerable.Range(0, 40).Select(i => new MemberFigures($"M{i:D2}", new Dictionary<BasisAttribute, decimal>
        {
            [BasisAttribute.Budget] = 1234567890123456789.0123456789m / (i + 3),
            [BasisAttribute.Fte] = 7919 * (i + 1) + 0.001m * i,
        })).ToList();
        var rule = CostSharingRule.WeightedBy(0.137m, new Dictionary<BasisAttribute, decimal> { [BasisAttribute.Fte] = 0.3m, [BasisAttribute.Budget] = 0.7m });
        var total = new M(9_000_000_000_000_000, "USD");
        var caps = members.Take(10).ToDictionary(m => m.MemberId, _ => new M(100_000_000_000_000, "USD"), StringComparer.Ordinal);

        var result = Apportioner.Apportion(total, rule, members, new ShareModifiers(Caps: caps));

        Assert.True(PreparedRule.Prepare(rule, members).Weights.Values.Max(w => w.Denominator.GetBitLength()) > 128);
        Assert.Equal(total.Minor, result.Shares.Sum(s => s.Amount.Minor) + result.ShortfallOrZero.Minor);
        Assert.All(result.Shares.Where(s => caps.ContainsKey(s.MemberId)), s => Assert.True(s.Amount <= caps[s.MemberId]));
        Assert.Contains(result.Shares, s => s.Capped);
    }
}
