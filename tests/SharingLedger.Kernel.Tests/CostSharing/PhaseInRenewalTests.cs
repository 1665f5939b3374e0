using CsCheck;
using SharingLedger.Kernel.Arithmetic;
using SharingLedger.Kernel.CostSharing;
using M = SharingLedger.Kernel.Money.Money;

namespace SharingLedger.Kernel.Tests.CostSharing;

/// <summary>
/// A phase-in carried across renewals: every year t starts from the shares before the phase-in began
/// (p_t = p_old + t/N·(p_new − p_old), exact, rounded once), while increase caps read last term's shares.
/// </summary>
public class PhaseInRenewalTests
{
    private static readonly CostSharingRule ByFte = CostSharingRule.ProportionalTo(BasisAttribute.Fte);

    private static MemberFigures Fte(string id, decimal fte) => new(id, new Dictionary<BasisAttribute, decimal> { [BasisAttribute.Fte] = fte });

    private static IReadOnlyDictionary<string, M> Amounts(Apportionment a) => a.Shares.ToDictionary(s => s.MemberId, s => s.Amount);

    /// <summary>30/70 towards 24/76 over three years: 28, 26, 24 — year 2 moves 2/3 of the way, not 7/9 (25.33).</summary>
    [Fact]
    public void Year_two_of_three_moves_two_thirds_of_the_way_from_the_shares_before_the_phase_in()
    {
        MemberFigures[] members = [Fte("A", 24), Fte("B", 76)];
        var total = M.Parse("1000000.00", "USD");
        var history = new TermHistory<string>(
            new Dictionary<string, M> { ["A"] = M.Parse("300000.00", "USD"), ["B"] = M.Parse("700000.00", "USD") }, null, null);
        history = history.Renew(history.LastTermShares); // the pre-phase-in term ends: year 1 next

        var expectedA = new[] { "280000.00", "260000.00", "240000.00" };
        for (var t = 1; t <= 3; t++)
        {
            Assert.Equal(t, history.PhaseInYear);
            var year = Apportioner.Apportion(total, ByFte, members,
                new ShareModifiers(PhaseIn: PhaseIn.FromShares(3, t, history.PhaseInStart)));
            Assert.Equal(expectedA[t - 1], year.For("A").Amount.ToDecimalString());
            history = history.Renew(Amounts(year));
        }
    }

    /// <summary>1/3 and 2/3 are not four-place percentages; the blend uses them exactly (68/225 of 900000 = 272000.00).</summary>
    [Fact]
    public void The_shares_before_the_phase_in_are_exact_fractions_not_four_place_percentages()
    {
        var phaseIn = PhaseIn.FromShares(3, 1, new Dictionary<string, M> { ["A"] = M.Parse("300000.00", "USD"), ["B"] = M.Parse("600000.00", "USD") });
        var year = Apportioner.Apportion(M.Parse("900000.00", "USD"), ByFte, [Fte("A", 24), Fte("B", 76)], new ShareModifiers(PhaseIn: phaseIn));

        Assert.Equal(new Fraction(1, 3), year.For("A").PreviousWeight);
        Assert.Equal(new Fraction(68, 225), year.For("A").Weight); // 1/3 + 1/3·(6/25 − 1/3)
        Assert.Equal("272000.00", year.For("A").Amount.ToDecimalString()); // 33.3333% would give 271999.80
        Assert.Equal("628000.00", year.For("B").Amount.ToDecimalString());
    }

    [Fact]
    public void Last_terms_shares_and_the_shares_before_the_phase_in_are_kept_apart()
    {
        var before = new Dictionary<string, M> { ["A"] = new(30, "USD"), ["B"] = new(70, "USD") };
        var year1 = new Dictionary<string, M> { ["A"] = new(28, "USD"), ["B"] = new(72, "USD") };
        var year2 = new Dictionary<string, M> { ["A"] = new(26, "USD"), ["B"] = new(74, "USD") };

        var first = new TermHistory<string>(before, null, null).Renew(before);
        var second = first.Renew(year1);
        var third = second.Renew(year2);

        foreach (var (h, year, last) in new[] { (first, 1, before), (second, 2, year1), (third, 3, year2) })
        {
            Assert.Equal(year, h.PhaseInYear);
            Assert.Same(last, h.LastTermShares);
            Assert.Same(before, h.SharesBeforePhaseIn);
        }
        // A term never apportioned starts nothing.
        Assert.Null(new TermHistory<string>(before, null, null).Renew(null).PhaseInYear);
    }

    [Fact]
    public void Shares_before_the_phase_in_must_name_members_sharing_the_cost_and_be_a_whole()
    {
        var stranger = new PhaseIn(3, 1, new Dictionary<string, decimal>(), new Dictionary<string, Fraction> { ["A"] = new(1, 2), ["Z"] = new(1, 2) });
        var partial = new PhaseIn(3, 1, new Dictionary<string, decimal>(), new Dictionary<string, Fraction> { ["A"] = new(1, 2) });

        Assert.Contains(ModifierValidation.Check(new M(100, "USD"), [Fte("A", 1), Fte("B", 1)], new ShareModifiers(PhaseIn: stranger)),
            v => v.Field == "phaseIn.previousShares");
        Assert.Contains(ModifierValidation.Check(new M(100, "USD"), [Fte("A", 1), Fte("B", 1)], new ShareModifiers(PhaseIn: partial)),
            v => v.Field == "phaseIn.previousShares");
        Assert.Throws<CostSharingException>(() => PhaseIn.FromShares(3, 1, new Dictionary<string, M> { ["A"] = new(0, "USD") }));
    }

    public sealed record Run(int Years, decimal[] Fte, long[] Before, long[] Totals)
    {
        public override string ToString() => $"N={Years} fte=[{string.Join(",", Fte)}] before=[{string.Join(",", Before)}] totals=[{string.Join(",", Totals)}]";
    }

    private static readonly Gen<Run> Runs =
        Gen.Select(Gen.Int[1, 6], Gen.Int[1, 6])
            .SelectMany(t => Gen.Select(
                Gen.Int[0, 5000].Select(x => (decimal)x).Array[t.Item2],
                Gen.Long[0, 50_000_000].Array[t.Item2],
                Gen.Long[0, 900_000_000].Array[t.Item1 + 1],
                (fte, before, totals) => new Run(t.Item1, fte, before, totals)))
            .Where(r => r.Fte.Sum() > 0 && r.Before.Sum() > 0);

    /// <summary>
    /// Renewed N times (each year's apportioned shares becoming last term's shares), every year t's weights equal the
    /// closed formula p_old + t/N·(p_new − p_old) exactly, the amounts add up to that year's total, and the history
    /// still holds the shares before the phase-in while its last term's shares are the year just ended.
    /// </summary>
    [Fact]
    public void Across_any_number_of_renewals_every_year_equals_the_closed_formula()
    {
        Runs.Sample(run =>
        {
            var ids = run.Fte.Select((_, i) => $"M{i}").ToList();
            var members = ids.Select((id, i) => Fte(id, run.Fte[i])).ToList();
            var before = ids.Select((id, i) => (id, amount: new M(run.Before[i], "USD"))).ToDictionary(x => x.id, x => x.amount);
            var beforeSum = run.Before.Sum();
            var fteSum = run.Fte.Sum();
            var history = new TermHistory<string>(before, null, null).Renew(before);

            for (var t = 1; t <= run.Years + 1; t++)
            {
                Assert.Equal(t, history.PhaseInYear);
                var total = new M(run.Totals[t - 1], "USD");
                var modifiers = t < run.Years ? new ShareModifiers(PhaseIn: PhaseIn.FromShares(run.Years, t, history.PhaseInStart)) : ShareModifiers.None;
                var result = Apportioner.Apportion(total, ByFte, members, modifiers);
                var progress = new Fraction(Math.Min(t, run.Years), run.Years);
                for (var i = 0; i < ids.Count; i++)
                {
                    var pOld = new Fraction(run.Before[i], beforeSum);
                    var pNew = Fraction.FromDecimal(run.Fte[i]) / Fraction.FromDecimal(fteSum);
                    Assert.Equal(pOld + progress * (pNew - pOld), result.For(ids[i]).Weight);
                }
                Assert.Equal(total.Minor, result.Shares.Sum(s => s.Amount.Minor));
                history = history.Renew(Amounts(result));
                Assert.Same(before, history.SharesBeforePhaseIn);
                Assert.Equal(Amounts(result), history.LastTermShares);
            }
        }, iter: 200);
    }
}
