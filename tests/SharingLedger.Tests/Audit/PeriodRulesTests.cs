using NodaTime;
using SharingLedger.Audit;

namespace SharingLedger.Tests.Audit;

public class PeriodRulesTests
{
    private static YearMonth M(int y, int m) => new(y, m);

    [Fact]
    public void A_date_in_an_open_period_posts_there()
    {
        var p = PeriodRules.PostingPeriodFor(new LocalDate(2026, 3, 31), [M(2026, 2)]);
        Assert.Equal(M(2026, 3), p.Period);
        Assert.False(p.IsAdjustment);
        Assert.Null(p.AdjustsClosedPeriod);
    }

    [Fact]
    public void A_date_in_a_closed_period_posts_to_the_first_open_period_after_it_as_an_adjustment_naming_it()
    {
        var p = PeriodRules.PostingPeriodFor(new LocalDate(2026, 11, 15), [M(2026, 10), M(2026, 11), M(2026, 12), M(2027, 2)]);
        Assert.Equal(M(2027, 1), p.Period);
        Assert.True(p.IsAdjustment);
        Assert.Equal(M(2026, 11), p.AdjustsClosedPeriod);
    }

    [Fact]
    public void Periods_are_months_across_a_year_end()
    {
        var p = PeriodRules.PostingPeriodFor(new LocalDate(2026, 12, 1), [M(2026, 12)]);
        Assert.Equal(M(2027, 1), p.Period);
        Assert.Equal(M(2026, 12), p.AdjustsClosedPeriod);
        Assert.Equal(new LocalDate(2026, 12, 31), PeriodRules.Dates(M(2026, 12)).End);
    }

    [Theory]
    [InlineData("2026-10", true)]
    [InlineData("2026-13", false)]
    [InlineData("2026-1", false)]
    [InlineData("October", false)]
    [InlineData("1899-12", false)]
    public void Periods_are_written_yyyy_MM(string text, bool valid) => Assert.Equal(valid, PeriodRules.TryParse(text, out _));

    private static PeriodClosed Closed(string period) =>
        new(Guid.NewGuid(), period, default, default, 2026, null, 0, "auditor", Instant.FromUnixTimeSeconds(0));

    private static PeriodReopened Reopened(string period) => new(Guid.NewGuid(), period, "late bank statement", "auditor", Instant.FromUnixTimeSeconds(0));

    [Fact]
    public void What_was_closed_before_an_event_is_decided_by_each_periods_last_act_earlier_in_the_log()
    {
        (long, object)[] acts = [(10, Closed("2026-09")), (20, Closed("2026-10")), (30, Reopened("2026-10")), (40, Closed("2026-10"))];
        Assert.Empty(PeriodRules.ClosedBefore(acts, 10));
        Assert.Equal([M(2026, 9)], PeriodRules.ClosedBefore(acts, 11));
        Assert.Equal([M(2026, 9), M(2026, 10)], PeriodRules.ClosedBefore(acts, 25));
        Assert.Equal([M(2026, 9)], PeriodRules.ClosedBefore(acts, 35));
        Assert.Equal([M(2026, 9), M(2026, 10)], PeriodRules.ClosedBefore(acts.Reverse(), 41)); // order of the list does not matter
    }
}
