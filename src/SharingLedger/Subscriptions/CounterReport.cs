using System.Globalization;
using System.Text.Json;
using NodaTime;
using NodaTime.Text;

namespace SharingLedger.Subscriptions;

/// <summary>One usage figure read from a COUNTER Release 5 report.</summary>
public sealed record CounterRow(string ReportId, IReadOnlyList<string> InstitutionIds, string InstitutionName, string ItemName,
    LocalDate Begin, LocalDate End, string Metric, long Count);

/// <summary>
/// Reads the JSON form of COUNTER Release 5 and 5.1 title (TR), database (DR) and platform (PR) reports and their standard
/// views: the header's institution ids (a list of Type/Value pairs in 5, an object of type → values in 5.1), and each
/// item's monthly figures (Performance → Period → Instance in 5; Attribute_Performance → Performance → metric → month in
/// 5.1). Rows for the same item, period and metric within one report (one title split by Access_Type, YOP, Data_Type …)
/// are added into one. A body may be one report or an array of them (one per member institution).
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
            var itemName = reportId.Length < 2 ? null : reportId[..2] switch { "TR" => "Title", "DR" => "Database", "PR" => "Platform", _ => null };
            if (itemName is null)
            {
                errors.Add($"{at}Report_Header.Report_ID '{reportId}' is not a title (TR), database (DR) or platform (PR) report.");
                continue;
            }
            var institutionIds = InstitutionIds(header);
            if (institutionIds.Count == 0) errors.Add($"{at}Report_Header.Institution_ID is missing.");
            var institution = Text(header, "Institution_Name");
            if (!report.TryGetProperty("Report_Items", out var items) || items.ValueKind != JsonValueKind.Array) continue;
            var figures = new List<(string Name, LocalDate Begin, LocalDate End, string Metric, long Count)>();
            var i = 0;
            foreach (var item in items.EnumerateArray())
            {
                var name = Text(item, itemName);
                if (item.TryGetProperty("Performance", out var performance) && performance.ValueKind == JsonValueKind.Array)
                    Release5(performance, $"{at}Report_Items[{i}]", errors, (b, e, m, c) => figures.Add((name, b, e, m, c)));
                if (item.TryGetProperty("Attribute_Performance", out var attributes) && attributes.ValueKind == JsonValueKind.Array)
                    Release51(attributes, $"{at}Report_Items[{i}]", errors, (b, e, m, c) => figures.Add((name, b, e, m, c)));
                i++;
            }
            // One figure per item, period and metric: the rows a report splits it into are added.
            foreach (var g in figures.GroupBy(f => (f.Name.ToUpperInvariant(), f.Begin, f.End, f.Metric)))
                rows.Add(new CounterRow(reportId, institutionIds, institution, g.First().Name, g.Key.Begin, g.Key.End, g.Key.Metric, g.Sum(f => f.Count)));
        }
        problems = errors.Distinct().ToList();
        return rows;
    }

    /// <summary>Release 5: <c>[{"Type": "ISNI", "Value": "…"}]</c>; Release 5.1: <c>{"ISNI": ["…"], "Proprietary": ["…"]}</c>.</summary>
    private static List<string> InstitutionIds(JsonElement header)
    {
        if (!header.TryGetProperty("Institution_ID", out var ids)) return [];
        if (ids.ValueKind == JsonValueKind.Array) return ids.EnumerateArray().Select(id => $"{Text(id, "Type")}:{Text(id, "Value")}").ToList();
        if (ids.ValueKind != JsonValueKind.Object) return [];
        return ids.EnumerateObject().SelectMany(type => type.Value.ValueKind == JsonValueKind.Array
                ? type.Value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => $"{type.Name}:{v.GetString()!.Trim()}")
                : type.Value.ValueKind == JsonValueKind.String ? [$"{type.Name}:{type.Value.GetString()!.Trim()}"] : [])
            .ToList();
    }

    private static void Release5(JsonElement performance, string at, List<string> errors, Action<LocalDate, LocalDate, string, long> add)
    {
        foreach (var p in performance.EnumerateArray())
        {
            var period = p.TryGetProperty("Period", out var x) ? x : default;
            var begin = Date(period, "Begin_Date");
            var end = Date(period, "End_Date");
            if (begin is null || end is null) { errors.Add($"{at}.Performance.Period needs Begin_Date and End_Date."); continue; }
            if (!p.TryGetProperty("Instance", out var instances) || instances.ValueKind != JsonValueKind.Array) continue;
            foreach (var instance in instances.EnumerateArray())
            {
                if (!instance.TryGetProperty("Count", out var c) || !c.TryGetInt64(out var count) || count < 0)
                {
                    errors.Add($"{at}: a Count is not a whole number of at least 0.");
                    continue;
                }
                add(begin.Value, end.Value, Text(instance, "Metric_Type"), count);
            }
        }
    }

    /// <summary>Release 5.1: <c>"Attribute_Performance": [{…attributes, "Performance": {"Total_Item_Requests": {"2026-01": 12}}}]</c>.</summary>
    private static void Release51(JsonElement attributes, string at, List<string> errors, Action<LocalDate, LocalDate, string, long> add)
    {
        var a = 0;
        foreach (var attribute in attributes.EnumerateArray())
        {
            var here = $"{at}.Attribute_Performance[{a++}]";
            if (attribute.ValueKind != JsonValueKind.Object || !attribute.TryGetProperty("Performance", out var performance) || performance.ValueKind != JsonValueKind.Object)
            {
                errors.Add($"{here}.Performance must be an object of metrics.");
                continue;
            }
            foreach (var metric in performance.EnumerateObject())
            {
                if (metric.Value.ValueKind != JsonValueKind.Object) { errors.Add($"{here}.Performance.{metric.Name} must be an object of months."); continue; }
                foreach (var month in metric.Value.EnumerateObject())
                {
                    var begin = MonthStart(month.Name);
                    if (begin is null) { errors.Add($"{here}.Performance.{metric.Name}: '{month.Name}' is not a month (yyyy-MM)."); continue; }
                    if (!month.Value.TryGetInt64(out var count) || count < 0)
                    {
                        errors.Add($"{here}.Performance.{metric.Name}.{month.Name}: a count is not a whole number of at least 0.");
                        continue;
                    }
                    add(begin.Value, begin.Value.PlusMonths(1).PlusDays(-1), metric.Name, count);
                }
            }
        }
    }

    private static LocalDate? MonthStart(string text) =>
        DateTime.TryParseExact(text, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month)
        && new LocalDate(month.Year, month.Month, 1) is var d && Infrastructure.Json.InputConverters.InRange(d) ? d : null;

    private static readonly string[] HeaderText = ["Report_Name", "Report_ID", "Release", "Institution_Name", "Created", "Created_By", "Customer_ID"];
    private static readonly string[] HeaderLists = ["Institution_ID", "Report_Filters", "Report_Attributes", "Exceptions"]; // 5.1: objects, but Exceptions
    private static readonly string[] ItemText = ["Database", "Title", "Publisher", "Platform", "Data_Type", "Section_Type", "Access_Type", "Access_Method", "YOP"];
    private static readonly string[] ItemLists = ["Item_ID", "Publisher_ID"];
    private static readonly string[] ObjectIn51 = ["Institution_ID", "Report_Filters", "Report_Attributes", "Item_ID", "Publisher_ID"];
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
            if (ObjectIn51.Contains(name) && parent.TryGetProperty(name, out var o) && o.ValueKind == JsonValueKind.Object) return; // Release 5.1's form
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
