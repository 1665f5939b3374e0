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

    public static bool TryInstant(string? text, out Instant? instant)
    {
        instant = null;
        if (string.IsNullOrWhiteSpace(text)) return true;
        var r = InstantPattern.ExtendedIso.Parse(text);
        if (r.Success) instant = r.Value;
        return r.Success;
    }
}
