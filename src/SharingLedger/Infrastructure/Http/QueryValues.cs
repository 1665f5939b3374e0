using NodaTime;
using NodaTime.Text;

namespace SharingLedger.Infrastructure.Http;

/// <summary>Optional dates and instants in query strings (ISO: <c>2026-03-31</c>, <c>2026-03-31T23:59:59Z</c>); blank means absent.</summary>
public static class QueryValues
{
    public static bool TryDate(string? text, out LocalDate? date)
    {
        date = null;
        if (string.IsNullOrWhiteSpace(text)) return true;
        var r = LocalDatePattern.Iso.Parse(text);
        if (r.Success) date = r.Value;
        return r.Success;
    }

    /// <summary>A date query parameter: null when absent or good; 400 when it is not a date, 422 when outside 1900-01-01 to 2200-12-31.</summary>
    public static IResult? DateParameter(string? text, string name, out LocalDate? date)
    {
        if (text?.Contains('\0') == true || !TryDate(text, out date)) { date = null; return Problems.BadRequest($"{name} must be a date, yyyy-MM-dd."); }
        return date is { } d && !Json.InputConverters.InRange(d) ? Problems.RuleViolated(name, Json.InputConverters.DateRange) : null;
    }

    /// <summary>An instant query parameter: null when absent or good; 400 when it is not an instant, 422 when outside the ledger's range.</summary>
    public static IResult? InstantParameter(string? text, string name, out Instant? instant)
    {
        if (text?.Contains('\0') == true || !TryInstant(text, out instant)) { instant = null; return Problems.BadRequest($"{name} must be an instant, e.g. 2026-03-31T23:59:59Z."); }
        return instant is { } i && !Json.InputConverters.InRange(i) ? Problems.RuleViolated(name, Json.InputConverters.DateRange) : null;
    }

    public static bool TryInstant(string? text, out Instant? instant)
    {
        instant = null;
        if (string.IsNullOrWhiteSpace(text)) return true;
        var r = InstantPattern.ExtendedIso.Parse(text);
        if (r.Success) instant = r.Value;
        return r.Success;
    }
}
