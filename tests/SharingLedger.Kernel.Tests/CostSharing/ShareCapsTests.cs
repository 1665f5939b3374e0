using SharingLedger.Kernel.CostSharing;
using M = SharingLedger.Kernel.Money.Money;

namespace SharingLedger.Kernel.Tests.CostSharing;

public class ShareCapsTests
{
    [Fact]
    public void Percent_of_budget_is_rounded_down_to_the_minor_unit()
    {
        // 2.5% of 1234.57 is 30.86425: the cap is 30.86, never 30.87.
        Assert.Equal(new M(3086, "USD"), ShareCaps.PercentOfBudget(2.5m, 1234.57m, "USD"));
        Assert.Equal(new M(30, "JPY"), ShareCaps.PercentOfBudget(2.5m, 1234.57m, "JPY"));
    }

    [Fact]
    public void Percent_of_budget_reads_the_member_budget()
    {
        var member = new MemberFigures("A", new Dictionary<BasisAttribute, decimal> { [BasisAttribute.Budget] = 2_000_000m });
        Assert.Equal(M.Parse("20000.00", "USD"), ShareCaps.PercentOfBudget(1m, member, "USD"));
    }

    [Fact]
    public void Increase_over_previous_share_is_rounded_down()
    {
        Assert.Equal(M.Parse("110000.00", "USD"), ShareCaps.IncreaseOverPrevious(M.Parse("100000.00", "USD"), 10m));
        Assert.Equal(new M(1108, "USD"), ShareCaps.IncreaseOverPrevious(new M(1001, "USD"), 10.75m)); // 1108.6075
    }

    [Fact]
    public void The_tightest_cap_binds_and_standalone_price_is_a_cap_as_is()
    {
        var standalone = ShareCaps.StandalonePrice(new M(5000, "USD"));
        Assert.Equal(new M(4000, "USD"), ShareCaps.Tightest(standalone, new M(4000, "USD"), new M(9000, "USD")));
        Assert.Throws<ArgumentOutOfRangeException>(() => ShareCaps.StandalonePrice(new M(-1, "USD")));
    }

    [Fact]
    public void The_increase_cap_case_from_the_brief_reproduces_its_caps()
    {
        var caps = new[] { 100000, 70000, 15000 }.Select(p => ShareCaps.IncreaseOverPrevious(M.Parse($"{p}.00", "USD"), 10m).ToDecimalString());
        Assert.Equal(["110000.00", "77000.00", "16500.00"], caps);
    }
}
