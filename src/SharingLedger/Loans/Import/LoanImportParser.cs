using System.Globalization;
using System.Text.Json;
using NodaTime;
using NodaTime.Text;
using SharingLedger.Infrastructure.Http;
using SharingLedger.Kernel.Lending;

namespace SharingLedger.Loans.Import;

/// <summary>
/// Reads a loan-history file: CSV with a header row (RFC 4180 quoting) or JSON lines (one object a line). Column and
/// property names are the same: borrower, requestId, action, on, lender, serviceType, serviceLevel, maxCost, title, pages,
/// dueDate, offeredCost, replacementCost, statedCost, note. In CSV an amount is <c>12.50</c> (the consortium's currency) or
/// <c>12.50 USD</c>; in JSON lines it is <c>{"amount":"12.50","currency":"CNY"}</c> as in the API. Blank lines are skipped.
/// What cannot be read is a reject naming the line; nothing else is decided here.
/// </summary>
public static class LoanImportParser
{
    public static readonly string[] Columns =
        ["borrower", "requestId", "action", "on", "lender", "serviceType", "serviceLevel", "maxCost", "title", "pages", "dueDate",
         "offeredCost", "replacementCost", "statedCost", "note"];

    public static bool LooksLikeJsonLines(string firstNonBlankLine) => firstNonBlankLine.TrimStart().StartsWith('{');

    public static IEnumerable<(LoanImportLine? Line, LoanImportReject? Reject)> Read(TextReader reader, string baseCurrency)
    {
        string? first;
        var number = 0;
        while ((first = reader.ReadLine()) is not null)
        {
            number++;
            if (first.Trim().Length > 0) break;
        }
        if (first is null) yield break;
        if (LooksLikeJsonLines(first))
        {
            foreach (var r in ReadJsonLines(reader, first, number)) yield return r;
            yield break;
        }
        foreach (var r in ReadCsv(reader, first, number, baseCurrency)) yield return r;
    }

    private static IEnumerable<(LoanImportLine?, LoanImportReject?)> ReadJsonLines(TextReader reader, string first, int number)
    {
        var text = first;
        while (text is not null)
        {
            if (text.Trim().Length > 0) yield return ParseJson(text, number);
            text = reader.ReadLine();
            number++;
        }
    }

    private static (LoanImportLine?, LoanImportReject?) ParseJson(string text, int number)
    {
        try
        {
            var row = JsonSerializer.Deserialize<JsonRow>(text, JsonOptions);
            if (row is null) return (null, new LoanImportReject(number, "line", "Not a JSON object."));
            var on = Date(row.On, number, "on", out var bad) ?? default(LocalDate?);
            if (bad is not null) return (null, bad);
            var due = Date(row.DueDate, number, "dueDate", out bad);
            if (bad is not null) return (null, bad);
            return (new LoanImportLine(number, row.Borrower, row.RequestId, row.Action, on, row.Lender, row.ServiceType, row.ServiceLevel, row.MaxCost,
                row.Title, row.Pages, due, row.OfferedCost, row.ReplacementCost, row.StatedCost, row.Note), null);
        }
        catch (JsonException e)
        {
            return (null, new LoanImportReject(number, e.Path is { Length: > 2 } p ? p[2..] : "line", "Not readable: " + Plain(e.Message)));
        }
    }

    private static string Plain(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        var text = cut > 0 ? message[..cut] : message;
        return text.Contains("System.", StringComparison.Ordinal) || text.Contains("SharingLedger.", StringComparison.Ordinal)
            ? "a value is not of its field's kind (text, number, amount object or date) or a field is unknown." : text;
    }

    private static IEnumerable<(LoanImportLine?, LoanImportReject?)> ReadCsv(TextReader reader, string header, int number, string baseCurrency)
    {
        var names = CsvFields(header);
        var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < names.Count; i++)
        {
            var name = names[i].Trim();
            if (!Columns.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                yield return (null, new LoanImportReject(number, name, $"Unknown column (known: {string.Join(", ", Columns)})."));
                yield break;
            }
            index[name] = i;
        }
        foreach (var required in new[] { "borrower", "requestId", "action" })
            if (!index.ContainsKey(required))
            {
                yield return (null, new LoanImportReject(number, required, "The header has no such column."));
                yield break;
            }

        string? text;
        while ((text = reader.ReadLine()) is not null)
        {
            number++;
            if (text.Trim().Length == 0) continue;
            var start = number;
            var fields = CsvFields(text);
            // A quoted field may span lines.
            while (OpenQuote(text) && reader.ReadLine() is { } more)
            {
                number++;
                text += "\n" + more;
                fields = CsvFields(text);
            }
            yield return ParseCsv(fields, index, start, baseCurrency);
        }
    }

    private static (LoanImportLine?, LoanImportReject?) ParseCsv(List<string> fields, Dictionary<string, int> index, int number, string baseCurrency)
    {
        string? F(string name)
        {
            if (!index.TryGetValue(name, out var i) || i >= fields.Count) return null;
            var value = fields[i].Trim();
            return value.Length > 0 ? value : null;
        }
        LoanImportReject? bad = null;
        var on = Date(F("on"), number, "on", out bad);
        if (bad is not null) return (null, bad);
        var due = Date(F("dueDate"), number, "dueDate", out bad);
        if (bad is not null) return (null, bad);
        ServiceType? type = null;
        if (F("serviceType") is { } t)
        {
            if (!Enum.TryParse<ServiceType>(t, true, out var v) || int.TryParse(t, out _)) return (null, new LoanImportReject(number, "serviceType", "Not loan or copy."));
            type = v;
        }
        ServiceLevel? level = null;
        if (F("serviceLevel") is { } l)
        {
            if (!Enum.TryParse<ServiceLevel>(l, true, out var v) || int.TryParse(l, out _)) return (null, new LoanImportReject(number, "serviceLevel", "Not normal, rush or express."));
            level = v;
        }
        int? pages = null;
        if (F("pages") is { } p)
        {
            if (!int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var v)) return (null, new LoanImportReject(number, "pages", "Not a whole number."));
            pages = v;
        }
        return (new LoanImportLine(number, F("borrower"), F("requestId"), F("action"), on, F("lender"), type, level, Amount(F("maxCost"), baseCurrency),
            F("title"), pages, due, Amount(F("offeredCost"), baseCurrency), Amount(F("replacementCost"), baseCurrency), Amount(F("statedCost"), baseCurrency),
            F("note")), null);
    }

    /// <summary>"12.50" in the consortium's currency, or "12.50 USD"; checked as any amount by the decisions.</summary>
    private static MoneyInput? Amount(string? text, string baseCurrency)
    {
        if (text is null) return null;
        var parts = text.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new MoneyInput(parts[0], parts.Length > 1 ? parts[1] : baseCurrency);
    }

    private static LocalDate? Date(string? text, int number, string field, out LoanImportReject? bad)
    {
        bad = null;
        if (text is null) return null;
        var parsed = LocalDatePattern.Iso.Parse(text);
        if (parsed.Success && parsed.Value.Year is >= 1900 and <= 2200) return parsed.Value;
        bad = new LoanImportReject(number, field, $"'{text}' is not a date (yyyy-MM-dd, 1900 to 2200).");
        return null;
    }

    private static bool OpenQuote(string text) => text.AsSpan().Count('"') % 2 == 1;

    /// <summary>The fields of a CSV record (RFC 4180: a quoted field may hold commas, doubled quotes and line breaks).</summary>
    public static List<string> CsvFields(string line)
    {
        var fields = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { current.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else current.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(current.ToString()); current.Clear(); }
            else if (c != '\r') current.Append(c);
        }
        fields.Add(current.ToString());
        return fields;
    }

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
    };

    private sealed record JsonRow(
        string? Borrower, string? RequestId, string? Action, string? On, string? Lender, ServiceType? ServiceType, ServiceLevel? ServiceLevel,
        MoneyInput? MaxCost, string? Title, int? Pages, string? DueDate, MoneyInput? OfferedCost, MoneyInput? ReplacementCost, MoneyInput? StatedCost,
        string? Note);
}
