using NodaTime;
using SharingLedger.Loans;

namespace SharingLedger.Tests.Loans;

/// <summary>The months a period touches, as a quota's fiscal year is asked of PostgreSQL (by each loan's requested month).</summary>
public class MonthsTests
{
    [Fact]
    public void A_fiscal_year_from_July_is_the_twelve_months_from_July_to_June()
    {
        var year = new DateInterval(new LocalDate(2026, 7, 1), new LocalDate(2027, 6, 30));

        Assert.Equal(["2026-07", "2026-08", "2026-09", "2026-10", "2026-11", "2026-12", "2027-01", "2027-02", "2027-03", "2027-04", "2027-05", "2027-06"],
            Months.In(year));
    }

    [Fact]
    public void A_period_is_every_month_it_touches_even_by_one_day()
    {
        Assert.Equal(["2026-01", "2026-02", "2026-03"], Months.In(new DateInterval(new LocalDate(2026, 1, 31), new LocalDate(2026, 3, 1))));
        Assert.Equal(["2026-02"], Months.In(new DateInterval(new LocalDate(2026, 2, 10), new LocalDate(2026, 2, 10))));
    }
}
