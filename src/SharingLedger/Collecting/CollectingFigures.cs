using System.Numerics;
using NodaTime;
using SharingLedger.Kernel.Money;

namespace SharingLedger.Collecting;

/// <summary>
/// The arithmetic of a collecting plan: totals, percent spent, and the pro-rata expectation that decides who is
/// behind. Withdrawn assignments count in no total. Nothing is rounded before comparing.
/// </summary>
public static class CollectingFigures
{
    public const string BehindRule =
        "A member is behind when the spend reported on its active assignments is below the pro-rata expectation: " +
        "committed × elapsed days ÷ days in the fiscal year, where elapsed days are the days of the fiscal year from its " +
        "first day up to and including today in the consortium's time zone (0 before the year starts, all of them after it ends). " +
        "The comparison is exact (reported × yearDays < committed × elapsedDays); the expected amount shown is rounded up " +
        "to the minor unit, so behind is exactly 'reported < expected'.";

    /// <summary>Days of <paramref name="period"/> from its first day up to and including <paramref name="today"/>.</summary>
    public static int ElapsedDays(DateInterval period, LocalDate today) =>
        today < period.Start ? 0
        : today >= period.End ? period.Length
        : Period.Between(period.Start, today, PeriodUnits.Days).Days + 1;

    /// <summary>committed × elapsed ÷ yearDays, rounded up to the minor unit (never rounded to even).</summary>
    public static Money Expected(Money committed, int elapsedDays, int yearDays)
    {
        var numerator = new BigInteger(committed.Minor) * elapsedDays;
        var minor = BigInteger.DivRem(numerator, yearDays, out var remainder);
        if (remainder > 0) minor += 1;
        return new Money((long)minor, committed.Currency);
    }

    /// <summary>Exactly: reported ÷ committed &lt; elapsed ÷ yearDays.</summary>
    public static bool IsBehind(Money committed, Money reported, int elapsedDays, int yearDays) =>
        new BigInteger(reported.Minor) * yearDays < new BigInteger(committed.Minor) * elapsedDays;

    /// <summary>reported ÷ committed as a percentage to 2 places, halves rounded away from zero; null when nothing is committed.</summary>
    public static decimal? PercentSpent(Money committed, Money reported) =>
        committed.IsZero ? null : Math.Round(reported.Minor * 100m / committed.Minor, 2, MidpointRounding.AwayFromZero);

    public static decimal PercentElapsed(int elapsedDays, int yearDays) =>
        Math.Round(elapsedDays * 100m / yearDays, 2, MidpointRounding.AwayFromZero);
}

/// <summary>Subjects compare trimmed, with runs of white space as one space, and ignoring case.</summary>
public static class CollectingSubjects
{
    public static string Normalize(string subject) =>
        string.Join(' ', subject.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    public static bool Same(string a, string b) => string.Equals(Normalize(a), Normalize(b), StringComparison.OrdinalIgnoreCase);
}
