using NodaTime;
using SharingLedger.Kernel.Lending;

namespace SharingLedger.Kernel.Tests.Lending;

public class WorkingDaysTests
{
    private static LocalDate D(int month, int day) => new(2026, month, day);

    [Theory]
    // 2026-03-02 is a Monday.
    [InlineData(2, 0, 2)]   // zero days: the same day
    [InlineData(2, 1, 3)]   // Monday + 1 = Tuesday
    [InlineData(2, 4, 6)]   // Monday + 4 = Friday
    [InlineData(2, 5, 9)]   // Monday + 5 = next Monday (the weekend skipped)
    [InlineData(6, 1, 9)]   // Friday + 1 = Monday
    [InlineData(7, 1, 9)]   // Saturday + 1 = Monday
    [InlineData(8, 1, 9)]   // Sunday + 1 = Monday
    [InlineData(2, 10, 16)] // two weeks
    public void After_skips_weekends(int from, int days, int expected) =>
        Assert.Equal(D(3, expected), WorkingDays.WeekdaysOnly.After(D(3, from), days));

    [Fact]
    public void After_skips_holidays_too()
    {
        var days = new WorkingDays([D(3, 3), D(3, 9)]); // Tuesday and the next Monday
        Assert.Equal(D(3, 4), days.After(D(3, 2), 1));
        Assert.Equal(D(3, 10), days.After(D(3, 2), 4)); // Wed, Thu, Fri, (Mon is a holiday) Tue
        Assert.False(days.IsWorkingDay(D(3, 3)));
        Assert.True(days.IsWorkingDay(D(3, 4)));
    }

    [Fact]
    public void Between_counts_the_working_days_after_a_day_up_to_another()
    {
        Assert.Equal(0, WorkingDays.WeekdaysOnly.Between(D(3, 2), D(3, 2)));
        Assert.Equal(0, WorkingDays.WeekdaysOnly.Between(D(3, 6), D(3, 8)));  // Friday to Sunday
        Assert.Equal(5, WorkingDays.WeekdaysOnly.Between(D(3, 2), D(3, 9)));
        Assert.Equal(0, WorkingDays.WeekdaysOnly.Between(D(3, 9), D(3, 2)));
        Assert.Equal(4, new WorkingDays([D(3, 4)]).Between(D(3, 2), D(3, 9)));
    }

    [Fact]
    public void After_and_between_agree_on_many_days()
    {
        var random = new Random(18626);
        for (var i = 0; i < 500; i++)
        {
            var from = new LocalDate(2025, 1, 1).PlusDays(random.Next(0, 730));
            var holidays = Enumerable.Range(0, random.Next(0, 6)).Select(_ => from.PlusDays(random.Next(1, 40))).ToList();
            var days = new WorkingDays(holidays);
            var n = random.Next(0, 20);
            var deadline = days.After(from, n);
            Assert.Equal(n, days.Between(from, deadline));
            Assert.True(n == 0 || days.IsWorkingDay(deadline));
            Assert.True(n == 0 || days.Between(from, deadline.PlusDays(-1)) == n - 1);
        }
    }
}
