using NodaTime;

namespace SharingLedger.Kernel.Lending;

/// <summary>
/// Working days: Monday to Friday, except the given holidays. A deadline of N working days after a day is the N-th working
/// day that follows it (the day itself never counts, so a request on a Saturday with one working day is due on Monday).
/// </summary>
public sealed class WorkingDays(IEnumerable<LocalDate>? holidays = null)
{
    private readonly HashSet<LocalDate> _holidays = [.. holidays ?? []];

    public static WorkingDays WeekdaysOnly { get; } = new();

    public bool IsWorkingDay(LocalDate day) =>
        day.DayOfWeek is not (IsoDayOfWeek.Saturday or IsoDayOfWeek.Sunday) && !_holidays.Contains(day);

    /// <summary>The <paramref name="count"/>-th working day after <paramref name="from"/>; <paramref name="from"/> itself when the count is zero.</summary>
    public LocalDate After(LocalDate from, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var day = from;
        for (var left = count; left > 0;)
        {
            day = day.PlusDays(1);
            if (IsWorkingDay(day)) left--;
        }
        return day;
    }

    /// <summary>How many working days fall after <paramref name="from"/> up to and including <paramref name="to"/> (zero when <paramref name="to"/> is not later).</summary>
    public int Between(LocalDate from, LocalDate to)
    {
        var count = 0;
        for (var day = from.PlusDays(1); day <= to; day = day.PlusDays(1))
            if (IsWorkingDay(day)) count++;
        return count;
    }
}
