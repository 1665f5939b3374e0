using NodaTime;
using SharingLedger.Kernel.Arithmetic;
using SharingLedger.Kernel.Lending;

namespace SharingLedger.Kernel.Tests.Lending;

public class LendingRatioTests
{
    [Theory]
    [InlineData(1, 1, 5, 5, true, 0)]
    [InlineData(1, 1, 4, 5, false, 1)]
    [InlineData(1, 1, 0, 0, true, 0)]
    [InlineData(1, 1, 3, 0, true, 0)]
    [InlineData(2, 3, 2, 3, true, 0)]   // exactly 2:3
    [InlineData(2, 3, 6, 10, false, 1)] // 6/10 < 2/3; 7/10 ≥ 2/3
    [InlineData(3, 1, 10, 4, false, 2)] // needs 12
    public void The_target_is_compared_exactly(long ts, long tb, long supplied, long borrowed, bool met, long shortBy)
    {
        var target = new LendingRatio(ts, tb);
        Assert.Equal(met, target.IsMetBy(supplied, borrowed));
        Assert.Equal(shortBy, target.SuppliesShort(supplied, borrowed));
    }

    [Fact]
    public void Met_exactly_when_the_fraction_is_at_least_the_target_and_short_is_the_least_that_meets_it()
    {
        var random = new Random(4242);
        for (var i = 0; i < 2000; i++)
        {
            var target = new LendingRatio(random.Next(1, 20), random.Next(1, 20));
            long supplied = random.Next(0, 200), borrowed = random.Next(0, 200);
            var expected = borrowed == 0 || new Fraction(supplied, borrowed) >= target.AsFraction();
            Assert.Equal(expected, target.IsMetBy(supplied, borrowed));
            var shortBy = target.SuppliesShort(supplied, borrowed);
            Assert.True(target.IsMetBy(supplied + shortBy, borrowed));
            Assert.True(shortBy == 0 || !target.IsMetBy(supplied + shortBy - 1, borrowed));
        }
    }

    [Fact]
    public void The_actual_ratio_is_an_exact_fraction_or_none()
    {
        Assert.Null(LendingRatio.Actual(3, 0));
        Assert.Equal(new Fraction(2, 3), LendingRatio.Actual(4, 6));
        Assert.Equal("1:1", new LendingRatio(1, 1).ToString());
    }
}

public class SupplyMinimumTests
{
    [Fact]
    public void The_window_ends_on_the_as_of_day_and_includes_both_ends()
    {
        var rule = new SupplyMinimum(3, 90);
        var asOf = new LocalDate(2026, 3, 31);
        var start = asOf.PlusDays(-89);
        var count = rule.Count([start.PlusDays(-1), start, asOf, asOf.PlusDays(1)], asOf);
        Assert.Equal((start, asOf, 2, 3, 1, true), (count.WindowStart, count.WindowEnd, count.Supplied, count.Minimum, count.Shortfall, count.FallsShort));
        Assert.False(rule.Count([start, start, asOf], asOf).FallsShort);
    }

    [Fact]
    public void The_count_is_the_number_of_supplies_in_the_window_on_many_inputs()
    {
        var random = new Random(90);
        for (var i = 0; i < 500; i++)
        {
            var rule = new SupplyMinimum(random.Next(1, 40), random.Next(1, 120));
            var asOf = new LocalDate(2026, 1, 1).PlusDays(random.Next(0, 365));
            var dates = Enumerable.Range(0, random.Next(0, 60)).Select(_ => asOf.PlusDays(random.Next(-200, 10))).ToList();
            var count = rule.Count(dates, asOf);
            var inWindow = dates.Count(d => Period.Between(d, asOf, PeriodUnits.Days).Days is var age && age >= 0 && age < rule.WindowDays);
            Assert.Equal(inWindow, count.Supplied);
            Assert.Equal(Math.Max(0, rule.Supplies - inWindow), count.Shortfall);
        }
    }
}

public class PageAllowanceTests
{
    [Theory]
    [InlineData(30, 100, 30, 0)]
    [InlineData(30, 20, 20, 10)]
    [InlineData(30, 0, 0, 30)]
    [InlineData(0, 50, 0, 0)]
    [InlineData(5, -3, 0, 5)]
    public void Pages_come_from_what_is_left_and_the_rest_are_billed(int chargeable, int left, int fromAllowance, int billed) =>
        Assert.Equal((fromAllowance, billed), PageAllowance.Draw(chargeable, left));

    [Fact]
    public void What_is_left_never_goes_below_zero()
    {
        Assert.Equal(70, PageAllowance.Left(100, 30));
        Assert.Equal(0, PageAllowance.Left(100, 130));
    }
}
