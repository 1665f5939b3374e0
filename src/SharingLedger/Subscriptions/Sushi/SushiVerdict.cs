using System.Text.Json;

namespace SharingLedger.Subscriptions.Sushi;

public enum VerdictKind { Report, NoUsage, Retry, Final }

/// <summary>A COUNTER exception as the vendor sent it (Code, Message, and in Release 5.0 a Severity).</summary>
public sealed record CounterException(int Code, string Message, string? Data)
{
    public override string ToString() => Data is { Length: > 0 } ? $"{Code} {Message} ({Data})" : $"{Code} {Message}";
}

/// <summary>What to do with a vendor's answer: import the report, record that there is no usage, try again later, or stop.</summary>
public sealed record SushiVerdict(VerdictKind Kind, string Detail, CounterException? Exception, IReadOnlyList<CounterException> Notes);

/// <summary>
/// Judges a vendor's answer by the COUNTER_SUSHI API specification (Release 5.0 and 5.1, exception codes), free of HTTP:
/// <list type="bullet">
/// <item>Retried: no answer or a timeout; HTTP 5xx and 429; 1000 Service Not Available, 1010 Service Busy, 1011 Report
/// Queued for Processing, 1020 Client has made too many requests, 3031 Usage Not Ready for Requested Dates.</item>
/// <item>No usage: 3030 No Usage Available for Requested Dates (and a report with no items).</item>
/// <item>Imported: a report with items; the exceptions it carries (3032, 3040 Partial Data Returned, 3050, 3060–3063 and
/// informational codes below 1000) are kept as notes.</item>
/// <item>Final: any other exception with no items (1030, the 2000s (authorization: 2000, 2010, 2011, 2020 APIKey Invalid,
/// 2030), 3000, 3010, 3020, 3032, 3070, 3080 …), and any other 4xx: trying the same request again cannot succeed.</item>
/// </list>
/// </summary>
public static class SushiVerdicts
{
    public static readonly IReadOnlySet<int> RetriedCodes = new HashSet<int> { 1000, 1010, 1011, 1020, 3031 };
    public const int NoUsageCode = 3030;

    /// <param name="status">The HTTP status, or null when no answer came (<paramref name="failure"/> says why).</param>
    public static SushiVerdict Judge(int? status, JsonElement? body, string? failure)
    {
        if (status is null) return new(VerdictKind.Retry, failure ?? "No answer from the SUSHI server.", null, []);
        var exceptions = body is { } b ? ExceptionsIn(b) : [];
        var items = body is { } r ? ItemCount(r) : (int?)null;

        if (exceptions.FirstOrDefault(e => RetriedCodes.Contains(e.Code)) is { } again)
            return new(VerdictKind.Retry, $"The vendor answered {again}.", again, exceptions);
        if (status is >= 200 and < 300 && items > 0)
            return new(VerdictKind.Report, "Report received.", null, exceptions);
        if (exceptions.FirstOrDefault(e => e.Code == NoUsageCode) is { } none)
            return new(VerdictKind.NoUsage, $"The vendor answered {none}.", none, exceptions);
        if (exceptions.FirstOrDefault(e => e.Code >= 1000) is { } stop)
            return new(VerdictKind.Final, $"The vendor answered {stop}.", stop, exceptions);
        if (status is >= 500 or 429)
            return new(VerdictKind.Retry, $"The SUSHI server answered HTTP {status}.", null, exceptions);
        if (status is < 200 or >= 300)
            return new(VerdictKind.Final, $"The SUSHI server answered HTTP {status}.", null, exceptions);
        if (items == 0) return new(VerdictKind.NoUsage, "The report has no items.", null, exceptions);
        return new(VerdictKind.Final, "The answer is neither a COUNTER report nor a COUNTER exception.", null, exceptions);
    }

    /// <summary>Items of the report (or reports): null when the body is no report.</summary>
    private static int? ItemCount(JsonElement body)
    {
        var reports = body.ValueKind == JsonValueKind.Array ? body.EnumerateArray().ToList() : [body];
        if (reports.Count == 0 || reports.Any(r => r.ValueKind != JsonValueKind.Object || !r.TryGetProperty("Report_Header", out _))) return null;
        return reports.Sum(r => r.TryGetProperty("Report_Items", out var items) && items.ValueKind == JsonValueKind.Array ? items.GetArrayLength() : 0);
    }

    /// <summary>Exceptions as a bare object, an array of them, or in each report header's Exceptions.</summary>
    public static IReadOnlyList<CounterException> ExceptionsIn(JsonElement body)
    {
        var found = new List<CounterException>();
        foreach (var element in body.ValueKind == JsonValueKind.Array ? body.EnumerateArray() : Enumerable.Repeat(body, 1))
        {
            if (element.ValueKind != JsonValueKind.Object) continue;
            if (element.TryGetProperty("Report_Header", out var header) && header.ValueKind == JsonValueKind.Object
                && header.TryGetProperty("Exceptions", out var list) && list.ValueKind == JsonValueKind.Array)
                found.AddRange(list.EnumerateArray().Select(One).OfType<CounterException>());
            else if (One(element) is { } single) found.Add(single);
        }
        return found;
    }

    private static CounterException? One(JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty("Code", out var code)) return null;
        int? value = code.ValueKind switch
        {
            JsonValueKind.Number when code.TryGetInt32(out var n) => n,
            JsonValueKind.String when int.TryParse(code.GetString(), out var n) => n,
            _ => null,
        };
        if (value is null) return null;
        var message = e.TryGetProperty("Message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() ?? "" : "";
        var data = e.TryGetProperty("Data", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
        return new(value.Value, Cut(message), data is null ? null : Cut(data));
    }

    private static string Cut(string text) => text.Length <= 500 ? text : text[..500] + "…";
}
