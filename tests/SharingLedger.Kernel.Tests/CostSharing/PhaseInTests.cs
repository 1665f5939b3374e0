using SharingLedger.Kernel.Arithmetic;
using SharingLedger.Kernel.CostSharing;
using M = SharingLedger.Kernel.Money.Money;

namespace SharingLedger.Kernel.Tests.CostSharing;

public class PhaseInTests
{
    private static readonly MemberFigures[] Members =
    [
        new("A", new Dictionary<BasisAttribute, decimal> { [BasisAttribute.Fte] = 24 }),
        new("B", new Dictionary<BasisAttribute, decimal> { [BasisAttribute.Fte] = 76 }),
    ];

    private static Apportionment Year(int year, int years = 3) =>
        Apportioner.Apportion(M.Parse("1000000.00", "USD"), CostSharingRule.ProportionalTo(BasisAttribute.Fte), Members,
            new ShareModifiers(PhaseIn: new PhaseIn(years, year, new Dictionary<string, decimal> { ["A"] = 30, ["B"] = 70 })));

    [Theory]
    [InlineData(1, "280000.00")]
    [InlineData(2, "260000.00")]
    [InlineData(3, "240000.00")]
    public void Each_year_moves_a_third_of_the_way_to_the_new_percentages(int year, string expectedA)
    {
        Assert.Equal(expectedA, Year(year).For("A").Amount.ToDecimalString());
    }

    [Fact]
    public void The_share_explains_the_year_and_both_ends()
    {
        var a = Year(1).For("A");
        Assert.Equal(1, a.PhaseInYear);
        Assert.Equal(new Fraction(24, 100), a.RuleWeight);
        Assert.Equal(new Fraction(30, 100), a.PreviousWeight);
        Assert.Equal(new Fraction(28, 100), a.Weight);
    }

    [Fact]
    public void A_new_member_without_a_previous_percentage_phases_in_from_zero()
    {
        var members = Members.Append(new MemberFigures("C", new Dictionary<BasisAttribute, decimal> { [BasisAttribute.Fte] = 100 })).ToArray();
        var result = Apportioner.Apportion(new M(1200, "USD"), CostSharingRule.ProportionalTo(BasisAttribute.Fte), members,
            new ShareModifiers(PhaseIn: new PhaseIn(2, 1, new Dictionary<string, decimal> { ["A"] = 30, ["B"] = 70 })));
        // C's target is 1/2; halfway from 0 is 1/4.
        Assert.Equal(new Fraction(1, 4), result.For("C").Weight);
        Assert.Equal(1200, result.Shares.Sum(s => s.Amount.Minor));
    }
}
