using CsCheck;
using SharingLedger.Kernel.Arithmetic;
using SharingLedger.Kernel.CostSharing;

namespace SharingLedger.Kernel.Tests.CostSharing;

public class ApportionProperties
{
    private static Apportionment Run(ApportionInput input) =>
        Apportioner.Apportion(input.Total, input.Rule, input.Members, input.Modifiers);

    [Fact]
    public void Shares_and_shortfall_add_up_to_the_total()
    {
        ApportionGen.Input().Sample(input =>
        {
            var result = Run(input);
            Assert.Equal(input.Total.Minor, result.Shares.Sum(s => s.Amount.Minor) + result.ShortfallOrZero.Minor);
        }, iter: 400);
    }

    [Fact]
    public void No_member_pays_above_its_cap_or_below_its_floor_after_rounding()
    {
        ApportionGen.Input().Sample(input =>
        {
            foreach (var share in Run(input).Shares)
            {
                if (input.Modifiers.Caps!.TryGetValue(share.MemberId, out var cap)) Assert.True(share.Amount <= cap, $"{share.MemberId}: {share.Amount} above cap {cap}");
                if (input.Modifiers.Floors!.TryGetValue(share.MemberId, out var floor)) Assert.True(share.Amount >= floor, $"{share.MemberId}: {share.Amount} below floor {floor}");
                if (share.CapApplied is { } applied) Assert.Equal(applied, share.Amount);
                if (share.FloorApplied is { } applied2) Assert.Equal(applied2, share.Amount);
            }
        }, iter: 400);
    }

    [Fact]
    public void Permuting_the_members_changes_nothing()
    {
        ApportionGen.Input().Sample(input =>
        {
            var shuffled = input.Members.ToArray();
            new Random(input.ShuffleSeed).Shuffle(shuffled);
            var a = Run(input);
            var b = Run(input with { Members = shuffled });
            Assert.Equal(Summary(a), Summary(b));
            Assert.Equal(a.Shortfall, b.Shortfall);
        }, iter: 300);

        static List<string> Summary(Apportionment r) =>
            r.Shares.Select(s => $"{s.MemberId} {s.Amount} {s.ExactMinor} {s.Capped} {s.Floored}").ToList();
    }

    [Fact]
    public void Each_share_is_within_one_minor_unit_of_its_exact_value()
    {
        ApportionGen.Input().Sample(input =>
        {
            foreach (var s in Run(input).Shares)
            {
                var gap = new Fraction(s.Amount.Minor) - s.ExactMinor;
                Assert.True(gap >= Fraction.Zero && gap < Fraction.One || gap < Fraction.Zero && gap > -Fraction.One, $"{s.MemberId}: {s.Amount} vs {s.ExactMinor}");
            }
        }, iter: 300);
    }

    /// <summary>
    /// The exact shares are clamp(λ·w, floor, cap) for one λ: free members share one ratio of exact share to
    /// weight, a capped member's weight would have given it at least its cap, a floored one at most its floor.
    /// </summary>
    [Fact]
    public void Exact_shares_are_the_rule_clamped_by_caps_and_floors_with_one_multiplier()
    {
        ApportionGen.Input().Sample(input =>
        {
            var result = Run(input);
            var free = result.Shares.Where(s => !s.Capped && !s.Floored && s.Weight.Sign > 0).ToList();
            if (free.Count == 0) return;
            var lambda = free[0].ExactMinor / free[0].Weight;
            foreach (var s in free) Assert.Equal(lambda, s.ExactMinor / s.Weight);
            foreach (var s in result.Shares.Where(s => s.Capped)) Assert.True(lambda * s.Weight >= new Fraction(s.CapApplied!.Value.Minor));
            foreach (var s in result.Shares.Where(s => s.Floored)) Assert.True(lambda * s.Weight <= new Fraction(s.FloorApplied!.Value.Minor));
            Assert.Null(result.Shortfall); // someone could still carry more
        }, iter: 400);
    }

    [Fact]
    public void A_shortfall_arises_only_when_everyone_who_could_carry_more_is_capped()
    {
        ApportionGen.Input().Sample(input =>
        {
            var result = Run(input);
            if (result.Shortfall is null) return;
            Assert.True(result.Shortfall.Value.IsPositive);
            Assert.All(result.Shares.Where(s => s.Weight.Sign > 0), s => Assert.True(s.Capped, $"{s.MemberId} is not capped"));
        }, iter: 400);
    }

    [Fact]
    public void With_caps_only_redistribution_never_lowers_an_uncapped_member_below_its_rule_share()
    {
        ApportionGen.Input(withFloors: false, withPhaseIn: false).Sample(input =>
        {
            foreach (var s in Run(input).Shares.Where(s => !s.Capped))
                Assert.True(s.ExactMinor >= s.Weight * new Fraction(input.Total.Minor), $"{s.MemberId}: {s.ExactMinor} below {s.Weight} of the total");
        }, iter: 300);
    }
}
