using NodaTime;
using SharingLedger.Kernel.CostSharing;
using SharingLedger.Kernel.Proration;
using M = SharingLedger.Kernel.Money.Money;

namespace SharingLedger.Kernel.Tests.Proration;

public class ProrationTests
{
    private static readonly LocalDate Start = new(2026, 1, 1);
    private static readonly LocalDate End = new(2026, 12, 31);
    private static M Cny(string amount) => M.Parse(amount, "CNY");

    [Fact]
    public void A_join_on_april_first_reports_days_and_segments()
    {
        var result = Prorator.Prorate(Cny("27000.00"), Start, End, CostSharingRule.Equal(),
            [ProratedMember.Plain("A"), ProratedMember.Plain("B"), ProratedMember.Plain("C"), ProratedMember.Plain("D", new LocalDate(2026, 4, 1))]);
        Assert.Equal(365, result.TermDays);
        Assert.Equal(365, result.For("A").DaysActive);
        Assert.Equal(275, result.For("D").DaysActive);
        Assert.Equal(new LocalDate(2026, 4, 1), result.For("D").ActiveFrom);
        Assert.Equal(2, result.Segments.Count);
        Assert.Equal((90, 3), (result.Segments[0].Days, result.Segments[0].MemberIds.Count));
        Assert.Equal((275, 4), (result.Segments[1].Days, result.Segments[1].MemberIds.Count));
    }

    [Fact]
    public void A_leave_stops_the_charge_after_the_last_day()
    {
        var result = Prorator.Prorate(new M(36500, "CNY"), Start, End, CostSharingRule.Equal(),
            [ProratedMember.Plain("A"), ProratedMember.Plain("B", to: new LocalDate(2026, 1, 10))]);
        // 10 days at 50 each for B; A carries 10 half days and 355 whole ones.
        Assert.Equal(500, result.For("B").Amount.Minor);
        Assert.Equal(36000, result.For("A").Amount.Minor);
        Assert.Equal(10, result.For("B").DaysActive);
    }

    [Fact]
    public void Days_on_which_nobody_takes_part_are_uncovered_not_lost()
    {
        var result = Prorator.Prorate(new M(36500, "CNY"), Start, End, CostSharingRule.Equal(),
            [ProratedMember.Plain("A", from: new LocalDate(2026, 12, 2))]);
        Assert.Equal(3000, result.For("A").Amount.Minor);
        Assert.Equal(new M(33500, "CNY"), result.Uncovered);
    }

    [Fact]
    public void Fixed_percentages_become_weights_among_the_members_of_the_day()
    {
        var rule = CostSharingRule.FixedPercentages(new Dictionary<string, decimal> { ["A"] = 50, ["B"] = 25, ["C"] = 25 });
        var result = Prorator.Prorate(new M(36500, "CNY"), Start, End, rule,
            [ProratedMember.Plain("A"), ProratedMember.Plain("B"), ProratedMember.Plain("C", to: Start.PlusDays(-1))]);
        Assert.Equal([24333L, 12167L, 0L], result.Shares.Select(s => s.Amount.Minor));
        Assert.Equal(0, result.For("C").DaysActive);
    }

    [Fact]
    public void Credits_on_a_join_give_back_what_the_joiner_now_pays()
    {
        var credits = JoinCredits.ForJoin(Cny("27000.00"), Start, End, CostSharingRule.Equal(),
            [ProratedMember.Plain("A"), ProratedMember.Plain("B"), ProratedMember.Plain("C")],
            [ProratedMember.Plain("D", new LocalDate(2026, 4, 1))]);
        Assert.Equal(["A", "B", "C"], credits.Select(c => c.MemberId));
        Assert.Equal(["9000.00", "9000.00", "9000.00"], credits.Select(c => c.Billed.ToDecimalString()));
        Assert.Equal(["1695.20", "1695.21", "1695.21"], credits.Select(c => c.Credit.ToDecimalString()));
        Assert.Equal(Cny("5085.62"), M.Sum(credits.Select(c => c.Credit), "CNY"));
    }

    [Fact]
    public void A_billed_member_missing_from_the_revised_term_is_refused()
    {
        var billed = Prorator.Prorate(new M(100, "CNY"), Start, End, CostSharingRule.Equal(), [ProratedMember.Plain("A"), ProratedMember.Plain("B")]);
        var revised = Prorator.Prorate(new M(100, "CNY"), Start, End, CostSharingRule.Equal(), [ProratedMember.Plain("A")]);
        var ex = Assert.Throws<CostSharingException>(() => JoinCredits.Between(billed, revised));
        Assert.Equal("revised.members", Assert.Single(ex.Violations).Field);
    }
}
