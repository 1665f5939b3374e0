using NodaTime;
using NodaTime.Text;

namespace SharingLedger.Loans;

/// <summary>Clearing months as the API and the events write them: <c>yyyy-MM</c>.</summary>
public static class Months
{
    private static readonly YearMonthPattern Pattern = YearMonthPattern.Iso;

    public static string Of(LocalDate date) => Pattern.Format(date.ToYearMonth());

    public static string Format(YearMonth month) => Pattern.Format(month);

    public static bool TryParse(string? text, out YearMonth month)
    {
        var result = Pattern.Parse(text ?? "");
        month = result.Success ? result.Value : default;
        return result.Success && month.Year is >= 1900 and <= 9998;
    }
}
