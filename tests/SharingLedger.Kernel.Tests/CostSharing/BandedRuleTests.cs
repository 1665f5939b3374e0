using SharingLedger.Kernel.Arithmetic;
using SharingLedger.Kernel.CostSharing;
using M = SharingLedger.Kernel.Money.Money;

namespace SharingLedger.Kernel.Tests.CostSharing;

public class BandedRuleTests
{
    private static MemberFigures Member(string id, decimal fte) => new(id, new Dictionary<BasisAttribute, decimal> { [BasisAttribute.Fte] = fte });

    private static readonly MemberFigures[] Members = [Member("A", 0), Member("B", 4999), Member("C", 5000), Member("D", 25000)];

    [Fact]
    public void Members_fall_in_the_band_of_the_highest_lower_bound_not_above_their_figure()
    {
        var rule = CostSharingRule.BandedBy(BasisAttribute.Fte,
            [CostBand.Weighted(5000, 2), CostBand.Weighted(0, 1), CostBand.Weighted(20000, 5)]);
        var result = Apportioner.Apportion(new M(900, "USD"), rule, Members);
        Assert.Equal([100L, 100L, 200L, 500L], result.Shares.Select(s => s.Amount.Minor));
        Assert.Equal(new Fraction(5, 9), result.For("D").Weight);
        Assert.Equal(25000m, result.For("D").Inputs[BasisAttribute.Fte]);
    }

    [Fact]
    public void With_prices_each_member_pays_its_band_price_when_the_cost_is_their_sum()
    {
        var rule = CostSharingRule.BandedBy(BasisAttribute.Fte,
            [CostBand.Priced(0, 1200.50m), CostBand.Priced(5000, 3000m), CostBand.Priced(20000, 7500m)]);
        var result = Apportioner.Apportion(M.Parse("12901.00", "USD"), rule, Members);
        Assert.Equal(["1200.50", "1200.50", "3000.00", "7500.00"], result.Shares.Select(s => s.Amount.ToDecimalString()));
    }

    [Fact]
    public void A_member_below_every_band_is_refused_naming_the_attribute()
    {
        var rule = CostSharingRule.BandedBy(BasisAttribute.Fte, [CostBand.Weighted(1000, 1), CostBand.Weighted(5000, 2)]);
        var ex = Assert.Throws<CostSharingException>(() => Apportioner.Apportion(new M(900, "USD"), rule, Members));
        var violation = Assert.Single(ex.Violations); // A (0); B (4999) is in the first band
        Assert.Equal("members.fte", violation.Field);
        Assert.StartsWith("A ", violation.Message);
    }

    [Fact]
    public void Bands_that_weigh_everyone_at_zero_are_refused()
    {
        var rule = CostSharingRule.BandedBy(BasisAttribute.Fte, [CostBand.Weighted(0, 0)]);
        var ex = Assert.Throws<CostSharingException>(() => Apportioner.Apportion(new M(900, "USD"), rule, Members));
        Assert.Equal("rule.bands", Assert.Single(ex.Violations).Field);
    }

    [Fact]
    public void The_rule_describes_itself_and_reads_its_attribute()
    {
        var rule = CostSharingRule.BandedBy(BasisAttribute.Population, [CostBand.Priced(0, 10m), CostBand.Priced(100, 20m)]);
        Assert.Equal("banded by population: 2 bands priced per member", rule.Describe());
        Assert.Equal([BasisAttribute.Population], rule.AttributesUsed());
    }
}
