using SharingLedger.Kernel.Arithmetic;
using SharingLedger.Kernel.CostSharing;
using M = SharingLedger.Kernel.Money.Money;

namespace SharingLedger.Kernel.Tests.CostSharing;

/// <summary>The figures an explanation states, worked out by hand (issue 13, item 6).</summary>
public class ShareFiguresTests
{
    /// <summary>
    /// The case: 20/193 of 600000.00 is 12000000/193 = 62176.1658… → 62176.17; 2000/193 % = 10.3627… → 10.36%;
    /// capped at 19500.00, the 62176.17 − 19500.00 = 42676.17 above the cap goes to the other members.
    /// </summary>
    [Fact]
    public void A_capped_share_states_the_amount_by_the_rule_and_the_excess_above_the_cap()
    {
        var cap = new M(1_950_000, "CNY");
        var f = ShareFigures.Of(new M(60_000_000, "CNY"), new Fraction(20, 193), new Fraction(1_950_000), cap, 0, cap: cap);

        Assert.Equal("10.36", f.Percent);
        Assert.Equal(new M(6_217_617, "CNY"), f.ByRule);
        Assert.Equal(new M(-4_267_617, "CNY"), f.Moved);
        Assert.Equal("10.36% of 600000.00 CNY by the rule = 62176.17 CNY. Capped at 19500.00 CNY: the 42676.17 CNY above the cap is borne by " +
                     "the other members. Charged 19500.00 CNY (no rounding adjustment).", f.Sentence());
    }

    /// <summary>
    /// An uncapped member: 1/3 of 100.00 is 33.333… by the rule → 33.33; others' caps passed on 10.00 exactly, so its exact
    /// share is 43.333…, 43.33 to the cent (moved 10.00), charged 43.34 with the largest remainder's cent.
    /// </summary>
    [Fact]
    public void An_uncapped_share_states_its_part_of_what_capped_members_passed_on()
    {
        var exactMinor = new Fraction(10_000, 3) + new Fraction(1_000);
        var f = ShareFigures.Of(new M(10_000, "USD"), new Fraction(1, 3), exactMinor, new M(4_334, "USD"), 1);

        Assert.Equal("33.33", f.Percent);
        Assert.Equal(new M(3_333, "USD"), f.ByRule);
        Assert.Equal(new M(4_333, "USD"), f.Exact);
        Assert.Equal(new M(1_000, "USD"), f.Moved);
        Assert.Equal("33.33% of 100.00 USD by the rule = 33.33 USD. Plus 10.00 USD, its part of what capped members passed on: 43.33 USD. " +
                     "Charged 43.34 USD (+1 minor unit by largest-remainder rounding).", f.Sentence());
    }

    [Theory]
    [InlineData("20/193", 20, 193)]
    [InlineData("7", 7, 1)]
    [InlineData("-3/4", -3, 4)]
    public void A_fraction_as_explanations_show_it_parses_exactly(string text, long n, long d) =>
        Assert.Equal(new Fraction(n, d), Fraction.ParseRatio(text));
}
