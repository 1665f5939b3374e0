using System.Globalization;
using NodaTime;
using NodaTime.Text;
using SharingLedger.Infrastructure.Http;

namespace SharingLedger.Subscriptions.Sushi;

/// <summary>Set (or change) a subscription's SUSHI connection. A requestor id or API key left out keeps the one set before; "" clears it.</summary>
public sealed record ConnectSushi(string? BaseUrl, string? CustomerId, string? RequestorId, string? ApiKey, string? Platform, string? Report, int? HarvestDay);

/// <summary>Harvest now: the months from <c>begin</c> to <c>end</c> (yyyy-MM; both default to the previous month).</summary>
public sealed record HarvestSushiNow(string? Begin, string? End);

/// <summary>The pure rules of SUSHI connections, schedules and harvests, free of HTTP and storage.</summary>
public static class SushiDecisions
{
    public static readonly string[] Reports = ["tr", "dr", "pr"];
    public const int DefaultHarvestDay = 28;
    private static readonly LocalDatePattern Month = LocalDatePattern.CreateWithInvariantCulture("uuuu-MM");

    /// <summary>The connection to store, or the errors. Secrets are protected by <paramref name="protect"/> before they are kept.</summary>
    public static (SushiConnection? Connection, Validation Errors) Connect(ConnectSushi command, SushiConnection? existing,
        Guid consortiumId, Guid subscriptionId, Instant now, Func<string, string> protect)
    {
        var v = new Validation();
        v.NotBlank(command.BaseUrl, "baseUrl", 500);
        if (!string.IsNullOrWhiteSpace(command.BaseUrl) && UrlProblem(command.BaseUrl) is { } problem) v.Add("baseUrl", problem);
        v.NotBlank(command.CustomerId, "customerId", 200);
        if (command.Platform is { Length: > 200 }) v.Add("platform", "At most 200 characters.");
        if (command.RequestorId is { Length: > 500 }) v.Add("requestorId", "At most 500 characters.");
        if (command.ApiKey is { Length: > 500 }) v.Add("apiKey", "At most 500 characters.");
        var report = (command.Report ?? existing?.Report ?? "tr").ToLowerInvariant();
        if (!Reports.Contains(report)) v.Add("report", "One of tr, dr, pr: the COUNTER report that names the subscription's resource.");
        var day = command.HarvestDay ?? existing?.HarvestDay ?? DefaultHarvestDay;
        if (day is < 1 or > 28) v.Add("harvestDay", "A day from 1 to 28 (every month has it).");
        if (!v.IsValid) return (null, v);

        return (new SushiConnection
        {
            Id = subscriptionId, ConsortiumId = consortiumId, BaseUrl = command.BaseUrl!.Trim(), CustomerId = command.CustomerId!.Trim(),
            Platform = string.IsNullOrWhiteSpace(command.Platform) ? null : command.Platform.Trim(), Report = report, HarvestDay = day,
            ProtectedRequestorId = Secret(command.RequestorId, existing?.ProtectedRequestorId, protect),
            ProtectedApiKey = Secret(command.ApiKey, existing?.ProtectedApiKey, protect),
            ScheduleId = Guid.NewGuid(), NextHarvestAt = NextRun(now, day), LastScheduledMonth = existing?.LastScheduledMonth, SetAt = now,
        }, v);
    }

    private static string? Secret(string? given, string? kept, Func<string, string> protect) => given switch
    {
        null => kept,
        "" => null,
        _ => protect(given),
    };

    /// <summary>https, or http to this machine (a local proxy, the tests); no credentials or query in the URL itself.</summary>
    public static string? UrlProblem(string url)
    {
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            return "An absolute https URL: the base of the vendor's COUNTER_SUSHI API (the part before /reports).";
        if (uri.Scheme == Uri.UriSchemeHttp && !uri.IsLoopback) return "Use https: the API key travels in the query string.";
        if (uri.UserInfo.Length > 0 || uri.Query.Length > 0 || uri.Fragment.Length > 0)
            return "The base URL carries no credentials, query or fragment: give the customer id, requestor id and API key in their own fields.";
        return null;
    }

    /// <summary>The first harvest time after <paramref name="now"/>: the given day of a month at 03:00 UTC.</summary>
    public static Instant NextRun(Instant now, int day)
    {
        var today = now.InUtc().Date;
        var candidate = new LocalDate(today.Year, today.Month, day).At(new LocalTime(3, 0)).InUtc().ToInstant();
        return candidate > now ? candidate : new LocalDate(today.Year, today.Month, day).PlusMonths(1).At(new LocalTime(3, 0)).InUtc().ToInstant();
    }

    /// <summary>The month before the one <paramref name="now"/> falls in (UTC): what a run harvests, and what "harvest now" defaults to.</summary>
    public static LocalDate PreviousMonth(Instant now)
    {
        var today = now.InUtc().Date;
        return new LocalDate(today.Year, today.Month, 1).PlusMonths(-1);
    }

    /// <summary>The first and last day of the months asked for, or the errors: whole months, not after the current one, at most 36.</summary>
    public static (LocalDate Begin, LocalDate End, Validation Errors) Months(HarvestSushiNow command, Instant now)
    {
        var v = new Validation();
        var previous = PreviousMonth(now);
        var begin = ParseMonth(command.Begin, "begin", previous, v);
        var end = ParseMonth(command.End, "end", command.Begin is null ? previous : begin, v);
        if (!v.IsValid) return (begin, end, v);
        var current = previous.PlusMonths(1);
        if (end < begin) v.Add("end", "The last month comes on or after the first.");
        if (end > current) v.Add("end", $"Usage of {end.ToString("uuuu-MM", CultureInfo.InvariantCulture)} does not exist yet.");
        if (Period.Between(begin, end, PeriodUnits.Months).Months >= 36) v.Add("end", "At most 36 months in one harvest.");
        return (begin, end.PlusMonths(1).PlusDays(-1), v);
    }

    private static LocalDate ParseMonth(string? text, string field, LocalDate fallback, Validation v)
    {
        if (text is null) return fallback;
        var parsed = Month.Parse(text);
        if (parsed.Success) return parsed.Value;
        v.Add(field, "A month as yyyy-MM, e.g. 2026-01.");
        return fallback;
    }

    /// <summary>The wait before attempt <paramref name="failed"/> + 1, or null when the retries are used up. Retry-After is honoured when longer.</summary>
    public static TimeSpan? Backoff(int failed, IReadOnlyList<TimeSpan> delays, TimeSpan? retryAfter)
    {
        if (failed > delays.Count) return null;
        var delay = delays[failed - 1];
        return retryAfter is { } asked && asked > delay ? asked : delay;
    }
}
