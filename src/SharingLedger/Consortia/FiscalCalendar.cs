using NodaTime;

namespace SharingLedger.Consortia;

/// <summary>
/// A consortium's fiscal years. Fiscal year N is the twelve months that start on day 1 of the start
/// month in calendar year N (so with a July start, FY 2026 runs 2026-07-01 to 2027-06-30).
/// </summary>
public sealed record FiscalCalendar(int StartMonth, DateTimeZone Zone)
{
    public DateInterval Year(int fiscalYear)
    {
        var start = new LocalDate(fiscalYear, StartMonth, 1);
        return new DateInterval(start, start.PlusYears(1).PlusDays(-1));
    }

    public int YearOf(LocalDate date) => date.Month >= StartMonth ? date.Year : date.Year - 1;

    public LocalDate Today(IClock clock) => DateOf(clock.GetCurrentInstant());

    /// <summary>The business date an instant falls on in the consortium's time zone.</summary>
    public LocalDate DateOf(Instant instant) => instant.InZone(Zone).Date;
}
