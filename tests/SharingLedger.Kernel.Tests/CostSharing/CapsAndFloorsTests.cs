using SharingLedger.Kernel.Arithmetic;
using SharingLedger.Kernel.CostSharing;
using M = SharingLedger.Kernel.Money.Money;

namespace SharingLedger.Kernel.Tests.CostSharing;

public class CapsAndFloorsTests
{
    private static MemberFigures Member(string id, decimal fte = 1) => new(id, new Dictionary<BasisAttribute, decimal> { [BasisAttribute.Fte] = fte });
    private static Dictionary<string, M> Usd(params (string Id, long Minor)[] amounts) =>
        amounts.ToDictionary(a => a.Id, a => new M(a.Minor, "USD"), StringComparer.Ordinal);

    [Fact]
    public void Rounding_never_pushes_a_capped_member_over_its_cap()
    {
        // 100 cents equally among three is 33⅓ each; A is capped at 33, so B and C carry 33½ each.
        // Rounding the rule's shares first would give A the extra cent (ties go to A); here B gets it.
        var result = Apportioner.Apportion(new M(100, "USD"), CostSharingRule.Equal(), [Member("A"), Member("B"), Member("C")],
            new ShareModifiers(Caps: Usd(("A", 33))));
        Assert.Equal([33L, 34L, 33L], result.Shares.Select(s => s.Amount.Minor));
        Assert.True(result.For("A").Capped);
        Assert.Equal(new Fraction(33), result.For("A").ExactMinor);
        Assert.Equal(new Fraction(67, 2), result.For("B").ExactMinor);
    }

    [Fact]
    public void Excess_is_redistributed_again_when_it_pushes_another_member_over()
    {
        // Proportional 50/30/20 of 1000: A capped at 400 sends 100 to B and C (60/40), which takes B to
        // 360 > its cap 340, so B is pinned too and C carries the rest: 260.
        var members = new[] { Member("A", 50), Member("B", 30), Member("C", 20) };
        var result = Apportioner.Apportion(new M(1000, "USD"), CostSharingRule.ProportionalTo(BasisAttribute.Fte), members,
            new ShareModifiers(Caps: Usd(("A", 400), ("B", 340))));
        Assert.Equal([400L, 340L, 260L], result.Shares.Select(s => s.Amount.Minor));
        Assert.Equal(2, result.Rounds);
        Assert.Null(result.Shortfall);
    }

    [Fact]
    public void When_everyone_is_capped_the_rest_is_an_explicit_shortfall()
    {
        var result = Apportioner.Apportion(new M(1000, "USD"), CostSharingRule.Equal(), [Member("A"), Member("B")],
            new ShareModifiers(Caps: Usd(("A", 300), ("B", 450))));
        Assert.Equal([300L, 450L], result.Shares.Select(s => s.Amount.Minor));
        Assert.Equal(new M(250, "USD"), result.Shortfall);
        Assert.All(result.Shares, s => Assert.True(s.Capped));
    }

    [Fact]
    public void A_floor_lifts_a_member_and_the_others_carry_less_by_the_rule()
    {
        // Proportional 80/15/5 of 1000 with a floor of 100 for C: C pays 100, A and B split 900 as 80:15.
        var members = new[] { Member("A", 80), Member("B", 15), Member("C", 5) };
        var result = Apportioner.Apportion(new M(1000, "USD"), CostSharingRule.ProportionalTo(BasisAttribute.Fte), members,
            new ShareModifiers(Floors: Usd(("C", 100))));
        Assert.Equal(new M(100, "USD"), result.For("C").FloorApplied);
        Assert.Equal(new Fraction(900 * 80, 95), result.For("A").ExactMinor);
        Assert.Equal([758L, 142L, 100L], result.Shares.Select(s => s.Amount.Minor));
    }

    [Fact]
    public void A_member_of_weight_zero_pays_its_floor_and_no_excess()
    {
        var members = new[] { Member("A", 1), Member("B", 0) };
        var result = Apportioner.Apportion(new M(1000, "USD"), CostSharingRule.ProportionalTo(BasisAttribute.Fte), members,
            new ShareModifiers(Caps: Usd(("A", 700)), Floors: Usd(("B", 50))));
        Assert.Equal([700L, 50L], result.Shares.Select(s => s.Amount.Minor));
        Assert.Equal(new M(250, "USD"), result.Shortfall);
    }

    [Fact]
    public void Without_modifiers_the_result_is_what_the_rule_alone_gives()
    {
        var members = new[] { Member("A", 2), Member("B", 1) };
        var plain = Apportioner.Apportion(new M(1000, "USD"), CostSharingRule.ProportionalTo(BasisAttribute.Fte), members);
        Assert.Equal([667L, 333L], plain.Shares.Select(s => s.Amount.Minor));
        Assert.All(plain.Shares, s => Assert.False(s.Capped || s.Floored));
        Assert.Null(plain.Shortfall);
        Assert.Null(plain.Modifiers);
    }

    [Fact]
    public void A_credit_still_splits_like_a_charge()
    {
        var result = Apportioner.Apportion(new M(-100, "USD"), CostSharingRule.Equal(), [Member("A"), Member("B"), Member("C")]);
        Assert.Equal([-34L, -33L, -33L], result.Shares.Select(s => s.Amount.Minor));
    }
}
