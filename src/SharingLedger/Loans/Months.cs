using NodaTime;
using NodaTime.Text;

namespace SharingLedger.Loans;

/// <summary>Clearing months as the API and the events write them: <c>yyyy-MM</c>.</summary>
public static class Months
{
    private static readonly YearMonthPattern Pattern = YearMonthPattern.Iso;

    public static string Of(LocalDate date) => Pattern.Format(date.ToYearMonth());

    public static string Format(YearMonth month) => Pattern.Format(month);

    /// <summary>Every month (yyyy-MM) a period touches, in order.</summary>
    public static string[] In(DateInterval period)
    {
        var months = new List<string>();
        for (var m = period.Start.ToYearMonth(); m.OnDayOfMonth(1) <= period.End; m = m.OnDayOfMonth(1).PlusMonths(1).ToYearMonth()) months.Add(Format(m));
        return [.. months];
    }

    /// <summary>
    /// The clearing month a charge dated <paramref name="on"/> is cleared in: its own month, or when that month is already
    /// settled the first month after it that is not (a late step is an adjustment there, naming the settled month).
    /// </summary>
    public static (string Month, string? Adjusts) ClearedIn(LocalDate on, IReadOnlySet<string> settled)
    {
        var own = on.ToYearMonth();
        var month = own;
        while (settled.Contains(Format(month))) month = month.PlusMonths(1);
        return (Format(month), month == own ? null : Format(own));
    }

    public static bool TryParse(string? text, out YearMonth month)
    {
        var result = Pattern.Parse(text ?? "");
        month = result.Success ? result.Value : default;
        return result.Success && month.Year is >= 1900 and <= 9998;
    }
}
