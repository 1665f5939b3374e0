using System.Globalization;
using System.Text.Json;
using NodaTime;
using NodaTime.Text;

namespace SharingLedger.Subscriptions;

/// <summary>One usage figure read from a COUNTER Release 5 report.</summary>
public sealed record CounterRow(string ReportId, IReadOnlyList<string> InstitutionIds, string InstitutionName, string ItemName,
    LocalDate Begin, LocalDate End, string Metric, long Count);

/// <summary>
/// Reads the JSON form of COUNTER Release 5 title (TR) and database (DR) reports (and their standard
/// views): the header's institution ids, and each item's monthly Performance instances. A body may be
/// one report or an array of them (one per member institution).
/// </summary>
public static class CounterReport
{
    public static IReadOnlyList<CounterRow> Read(JsonElement body, out IReadOnlyList<string> problems)
    {
        var rows = new List<CounterRow>();
        var errors = new List<string>();
        var reports = body.ValueKind == JsonValueKind.Array ? body.EnumerateArray().ToList() : [body];
        for (var r = 0; r < reports.Count; r++)
        {
            var report = reports[r];
            var at = reports.Count > 1 ? $"[{r}]" : "";
            if (report.ValueKind != JsonValueKind.Object || !report.TryGetProperty("Report_Header", out var header))
            {
                errors.Add($"{at}Report_Header is missing: this is not a COUNTER R5 JSON report.");
                continue;
            }
            var reportId = Text(header, "Report_ID");
            if (!(reportId.StartsWith("TR", StringComparison.Ordinal) || reportId.StartsWith("DR", StringComparison.Ordinal)))
            {
                errors.Add($"{at}Report_Header.Report_ID '{reportId}' is not a title (TR) or database (DR) report.");
                continue;
            }
            var institutionIds = header.TryGetProperty("Institution_ID", out var ids) && ids.ValueKind == JsonValueKind.Array
                ? ids.EnumerateArray().Select(i => $"{Text(i, "Type")}:{Text(i, "Value")}").ToList()
                : [];
            if (institutionIds.Count == 0) errors.Add($"{at}Report_Header.Institution_ID is missing.");
            var institution = Text(header, "Institution_Name");
            if (!report.TryGetProperty("Report_Items", out var items) || items.ValueKind != JsonValueKind.Array) continue;
            var i = 0;
            foreach (var item in items.EnumerateArray())
            {
                var name = Text(item, reportId.StartsWith("DR", StringComparison.Ordinal) ? "Database" : "Title");
                if (item.TryGetProperty("Performance", out var performance) && performance.ValueKind == JsonValueKind.Array)
                {
                    foreach (var p in performance.EnumerateArray())
                    {
                        var period = p.TryGetProperty("Period", out var x) ? x : default;
                        var begin = Date(period, "Begin_Date");
                        var end = Date(period, "End_Date");
                        if (begin is null || end is null) { errors.Add($"{at}Report_Items[{i}].Performance.Period needs Begin_Date and End_Date."); continue; }
                        if (!p.TryGetProperty("Instance", out var instances) || instances.ValueKind != JsonValueKind.Array) continue;
                        foreach (var instance in instances.EnumerateArray())
                        {
                            if (!instance.TryGetProperty("Count", out var c) || !c.TryGetInt64(out var count) || count < 0)
                            {
                                errors.Add($"{at}Report_Items[{i}]: a Count is not a whole number of at least 0.");
                                continue;
                            }
                            rows.Add(new CounterRow(reportId, institutionIds, institution, name, begin.Value, end.Value, Text(instance, "Metric_Type"), count));
                        }
                    }
                }
                i++;
            }
        }
        problems = errors;
        return rows;
    }

    private static string Text(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()!.Trim() : "";

    private static LocalDate? Date(JsonElement e, string name)
    {
        var text = Text(e, name);
        var result = LocalDatePattern.Iso.Parse(text);
        if (result.Success) return result.Value;
        // COUNTER also allows yyyy-MM for whole months.
        return DateTime.TryParseExact(text, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month)
            ? name == "End_Date" ? new LocalDate(month.Year, month.Month, 1).PlusMonths(1).PlusDays(-1) : new LocalDate(month.Year, month.Month, 1)
            : null;
    }
}
