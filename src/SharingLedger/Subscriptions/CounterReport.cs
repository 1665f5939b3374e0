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
            if (WrongTypes(report, at) is { Count: > 0 } wrong)
            {
                errors.AddRange(wrong);
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
                if (item.ValueKind != JsonValueKind.Object)
                {
                    errors.Add($"{at}Report_Items[{i}] is not an object.");
                    i++;
                    continue;
                }
                var name = Text(item, reportId.StartsWith("DR", StringComparison.Ordinal) ? "Database" : "Title");
                if (item.TryGetProperty("Performance", out var performance) && performance.ValueKind == JsonValueKind.Array)
                {
                    foreach (var p in performance.EnumerateArray())
                    {
                        if (p.ValueKind != JsonValueKind.Object) { errors.Add($"{at}Report_Items[{i}].Performance: an entry is not an object."); continue; }
                        var period = p.TryGetProperty("Period", out var x) ? x : default;
                        var begin = Date(period, "Begin_Date");
                        var end = Date(period, "End_Date");
                        if (begin is null || end is null) { errors.Add($"{at}Report_Items[{i}].Performance.Period needs Begin_Date and End_Date."); continue; }
                        if (!p.TryGetProperty("Instance", out var instances) || instances.ValueKind != JsonValueKind.Array) continue;
                        foreach (var instance in instances.EnumerateArray())
                        {
                            if (instance.ValueKind != JsonValueKind.Object || !instance.TryGetProperty("Count", out var c) || c.ValueKind != JsonValueKind.Number || !c.TryGetInt64(out var count) || count < 0)
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

    private static readonly string[] HeaderText = ["Report_Name", "Report_ID", "Release", "Institution_Name", "Created", "Created_By", "Customer_ID"];
    private static readonly string[] HeaderLists = ["Institution_ID", "Report_Filters", "Report_Attributes", "Exceptions"];
    private static readonly string[] ItemText = ["Database", "Title", "Publisher", "Platform", "Data_Type", "Section_Type", "Access_Type", "Access_Method", "YOP"];
    private static readonly string[] ItemLists = ["Item_ID", "Publisher_ID"];
    private static readonly string[] PairText = ["Type", "Value", "Name"];

    /// <summary>
    /// The JSON types COUNTER R5 gives the fields this import reads or passes by: text is text, lists are lists of
    /// objects, a Count is a number. Each field of another type is one problem, named by its path in the report.
    /// </summary>
    private static List<string> WrongTypes(JsonElement report, string at)
    {
        var wrong = new List<string>();
        void Expect(JsonElement parent, string name, JsonValueKind kind, string path)
        {
            if (parent.TryGetProperty(name, out var value) && value.ValueKind != kind)
                wrong.Add($"{at}{path}{name} must be {Describe(kind)}, not {Describe(value.ValueKind)}.");
        }
        void ListOfObjects(JsonElement parent, string name, string path, Action<JsonElement, string>? each = null)
        {
            Expect(parent, name, JsonValueKind.Array, path);
            if (!parent.TryGetProperty(name, out var list) || list.ValueKind != JsonValueKind.Array) return;
            var i = 0;
            foreach (var entry in list.EnumerateArray())
            {
                var here = $"{path}{name}[{i++}]";
                if (entry.ValueKind != JsonValueKind.Object) wrong.Add($"{at}{here} must be an object, not {Describe(entry.ValueKind)}.");
                else each?.Invoke(entry, here + ".");
            }
        }
        void Pairs(JsonElement entry, string path) { foreach (var n in PairText) Expect(entry, n, JsonValueKind.String, path); }

        var header = report.GetProperty("Report_Header");
        if (header.ValueKind != JsonValueKind.Object) return [$"{at}Report_Header must be an object, not {Describe(header.ValueKind)}."];
        foreach (var name in HeaderText) Expect(header, name, JsonValueKind.String, "Report_Header.");
        foreach (var name in HeaderLists) ListOfObjects(header, name, "Report_Header.", Pairs);
        ListOfObjects(report, "Report_Items", "", (item, path) =>
        {
            foreach (var name in ItemText) Expect(item, name, JsonValueKind.String, path);
            foreach (var name in ItemLists) ListOfObjects(item, name, path, Pairs);
            ListOfObjects(item, "Performance", path, (p, pp) =>
            {
                Expect(p, "Period", JsonValueKind.Object, pp);
                if (p.TryGetProperty("Period", out var period) && period.ValueKind == JsonValueKind.Object)
                {
                    Expect(period, "Begin_Date", JsonValueKind.String, pp + "Period.");
                    Expect(period, "End_Date", JsonValueKind.String, pp + "Period.");
                }
                ListOfObjects(p, "Instance", pp, (instance, ip) =>
                {
                    Expect(instance, "Metric_Type", JsonValueKind.String, ip);
                    Expect(instance, "Count", JsonValueKind.Number, ip);
                });
            });
        });
        return wrong;
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.String => "text",
        JsonValueKind.Number => "a number",
        JsonValueKind.Array => "a list",
        JsonValueKind.Object => "an object",
        JsonValueKind.True or JsonValueKind.False => "true/false",
        _ => "null",
    };

    private static string Text(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()!.Trim() : "";

    private static LocalDate? Date(JsonElement e, string name)
    {
        var text = Text(e, name);
        var result = LocalDatePattern.Iso.Parse(text);
        // COUNTER also allows yyyy-MM for whole months.
        LocalDate? date = result.Success ? result.Value
            : DateTime.TryParseExact(text, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month)
                ? name == "End_Date" ? new LocalDate(month.Year, month.Month, 1).PlusMonths(1).PlusDays(-1) : new LocalDate(month.Year, month.Month, 1)
                : null;
        // Outside the ledger's range of dates it is no date this import takes.
        return date is { } d && Infrastructure.Json.InputConverters.InRange(d) ? d : null;
    }
}
