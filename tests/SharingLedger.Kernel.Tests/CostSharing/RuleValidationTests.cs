using SharingLedger.Kernel.CostSharing;
using M = SharingLedger.Kernel.Money.Money;

namespace SharingLedger.Kernel.Tests.CostSharing;

public class RuleValidationTests
{
    private static readonly MemberFigures[] Members =
    [
        new("A", new Dictionary<BasisAttribute, decimal> { [BasisAttribute.Fte] = 0 }),
        new("B", new Dictionary<BasisAttribute, decimal> { [BasisAttribute.Fte] = 0 }),
    ];

    [Fact]
    public void Percentages_must_add_up_to_100()
    {
        var rule = CostSharingRule.FixedPercentages(new Dictionary<string, decimal> { ["A"] = 30, ["B"] = 60 });
        var violation = Assert.Single(RuleValidation.Check(rule));
        Assert.Equal("rule.percentages", violation.Field);
    }

    [Fact]
    public void Weights_must_add_up_to_one()
    {
        var rule = CostSharingRule.WeightedBy(0.2m, new Dictionary<BasisAttribute, decimal> { [BasisAttribute.Fte] = 0.5m });
        Assert.Equal("rule.weights", Assert.Single(RuleValidation.Check(rule)).Field);
    }

    [Fact]
    public void Equal_base_outside_zero_to_one_is_refused()
    {
        var rule = CostSharingRule.WeightedBy(1.5m, new Dictionary<BasisAttribute, decimal> { [BasisAttribute.Fte] = 1m });
        Assert.Contains(RuleValidation.Check(rule), v => v.Field == "rule.equalBase");
    }

    [Fact]
    public void Proportional_split_on_an_attribute_that_adds_up_to_zero_names_the_attribute()
    {
        var ex = Assert.Throws<CostSharingException>(() =>
            Apportioner.Apportion(new M(100, "USD"), CostSharingRule.ProportionalTo(BasisAttribute.Fte), Members));
        Assert.Equal("members.fte", Assert.Single(ex.Violations).Field);
    }

    [Fact]
    public void Fixed_percentages_must_name_exactly_the_sharing_members()
    {
        var rule = CostSharingRule.FixedPercentages(new Dictionary<string, decimal> { ["A"] = 50, ["Z"] = 50 });
        var ex = Assert.Throws<CostSharingException>(() => Apportioner.Apportion(new M(100, "USD"), rule, Members));
        Assert.Equal(2, ex.Violations.Count);
    }

    [Fact]
    public void Weighted_explanation_reports_the_inputs_and_exact_weight()
    {
        var members = new[]
        {
            new MemberFigures("A", new Dictionary<BasisAttribute, decimal> { [BasisAttribute.Fte] = 3, [BasisAttribute.Population] = 9 }),
            new MemberFigures("B", new Dictionary<BasisAttribute, decimal> { [BasisAttribute.Fte] = 1, [BasisAttribute.Population] = 9 }),
        };
        var rule = CostSharingRule.WeightedBy(0.5m, new Dictionary<BasisAttribute, decimal> { [BasisAttribute.Fte] = 1m });
        var result = Apportioner.Apportion(new M(1000, "USD"), rule, members);
        var a = result.For("A");
        Assert.Equal(new Arithmetic.Fraction(5, 8), a.Weight); // 1/2·1/2 + 1/2·3/4
        Assert.Equal(625, a.Amount.Minor);
        Assert.Equal(3m, a.Inputs[BasisAttribute.Fte]);
        Assert.False(a.Inputs.ContainsKey(BasisAttribute.Population));
    }
}
