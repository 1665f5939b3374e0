using System.Globalization;
using NodaTime;
using NodaTime.Text;
using SharingLedger.Kernel.Money;

namespace SharingLedger.WebConsole;

/// <summary>
/// Dates, instants and amounts as each language writes them. The service runs with invariant globalization (no ICU data
/// is loaded and no request culture is ever set, so the API's own formatting cannot change), so the console formats with
/// explicit patterns: English "27 Nov 2026", Chinese "2026年11月27日". Both write numbers with "," between thousands and
/// "." before the decimals, and an amount always carries its ISO 4217 code and its currency's own number of decimals.
/// </summary>
public sealed class ConsoleFormat(ConsoleLanguage language)
{
    private static readonly LocalDatePattern EnglishDate = LocalDatePattern.Create("d MMM uuuu", CultureInfo.InvariantCulture);
    private static readonly LocalDatePattern ChineseDate = LocalDatePattern.Create("uuuu'年'M'月'd'日'", CultureInfo.InvariantCulture);
    private static readonly YearMonthPattern EnglishMonth = YearMonthPattern.Create("MMMM uuuu", CultureInfo.InvariantCulture);
    private static readonly YearMonthPattern ChineseMonth = YearMonthPattern.Create("uuuu'年'M'月'", CultureInfo.InvariantCulture);

    public string Date(LocalDate date) => (language.IsChinese ? ChineseDate : EnglishDate).Format(date);
    public string Date(LocalDate? date) => date is { } d ? Date(d) : "";
    public string Month(YearMonth month) => (language.IsChinese ? ChineseMonth : EnglishMonth).Format(month);

    public string Instant(Instant instant, DateTimeZone zone)
    {
        var local = instant.InZone(zone).LocalDateTime;
        return $"{Date(local.Date)} {local.TimeOfDay.ToString("HH:mm", CultureInfo.InvariantCulture)}";
    }

    /// <summary>"CNY 1,234.56": the code first, grouped digits, the currency's decimals.</summary>
    public string Money(Money money)
    {
        var value = (decimal)money.Minor / (decimal)Math.Pow(10, money.MinorUnits);
        return $"{money.Currency} {value.ToString("N" + money.MinorUnits, CultureInfo.InvariantCulture)}";
    }

    public string Money(Money? money) => money is { } m ? Money(m) : "";
    public string Number(decimal value, int decimals = 0) => value.ToString("N" + decimals, CultureInfo.InvariantCulture);
    public string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
