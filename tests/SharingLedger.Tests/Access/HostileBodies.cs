using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using NodaTime;
using SharingLedger.Infrastructure.Http;
using SharingLedger.Kernel.Money;

namespace SharingLedger.Tests.Access;

/// <summary>What a hostile value is, for the sweep's report: one class of the issue 12 sweep.</summary>
public enum Hostility { HugeAmount, Nul, LoneSurrogate, WrongType, NullInList, Date, MoneyUnknownField, TooPrecise }

/// <summary>One hostile request body: a well-shaped body with one value replaced, and where.</summary>
public sealed record HostileBody(Hostility Kind, string Field, string Json);

/// <summary>
/// Builds, from a request type, a plausible body (every field given a value of its type) and then variants with a single
/// hostile value at one field: a string with NUL or a lone surrogate, an amount beyond the decimal range or with more
/// decimals than its currency, a date before 1900 or after 2200, a <c>null</c> in a list, an unknown field in a money object.
/// The expectations do not come from the ledger's code: every one of these values is invalid by issue 12.
/// </summary>
public static class HostileBodies
{
    private const string Hole = "@@hostile@@";
    private static readonly JsonNamingPolicy Camel = JsonNamingPolicy.CamelCase;

    public static IEnumerable<HostileBody> For(Type requestType, Guid memberId)
    {
        var sample = Sample(requestType, memberId, 0);
        if (sample is null) yield break;
        foreach (var (path, type) in Slots(requestType, memberId, [], 0))
            foreach (var (kind, raw) in Values(type))
                yield return new HostileBody(kind, Describe(path), Replace(sample, path, raw));
    }

    /// <summary>The plausible body the hostile variants start from, unchanged.</summary>
    public static string? Plausible(Type requestType, Guid memberId) => Sample(requestType, memberId, 0)?.ToJsonString();

    /// <summary>A COUNTER R5 database report with one institution and one figure, as a JSON node.</summary>
    public static JsonNode CounterReport(string institution) => JsonNode.Parse($$"""
        {
          "Report_Header": {
            "Report_Name": "Database Master Report", "Report_ID": "DR", "Release": "5",
            "Institution_Name": "Library", "Created": "2026-04-02T10:00:00Z",
            "Institution_ID": [ { "Type": "Proprietary", "Value": "{{institution}}" } ]
          },
          "Report_Items": [
            {
              "Database": "Academic Search Complete",
              "Performance": [
                { "Period": { "Begin_Date": "2026-01-01", "End_Date": "2026-01-31" },
                  "Instance": [ { "Metric_Type": "Total_Item_Requests", "Count": 5 } ] }
              ]
            }
          ]
        }
        """)!;

    /// <summary>The COUNTER report with, at every node in turn, a value of each wrong JSON type, and hostile strings and dates.</summary>
    public static IEnumerable<HostileBody> ForCounterReport(string institution)
    {
        var sample = CounterReport(institution);
        var paths = new List<(List<object> Path, JsonNode Node)>();
        Walk(sample, [], paths);
        foreach (var (path, node) in paths)
        {
            // Values of another JSON type than COUNTER R5 gives the field (and, for a Count, numbers that are no count).
            string[] wrong = node.GetValueKind() switch
            {
                JsonValueKind.String => ["1", "-1.5", "1e400", "true", "null", "[]", "[1]", "{}"],
                JsonValueKind.Number => ["\"5\"", "-1.5", "1e400", "-1", "true", "null", "[]", "{}"],
                JsonValueKind.Array => ["1", "\"x\"", "true", "null", "{}", "[1]"],
                _ => ["1", "\"x\"", "true", "null", "[]"],
            };
            foreach (var raw in wrong)
                yield return new HostileBody(Hostility.WrongType, Describe(path), Replace(sample, path, raw));
            if (node.GetValueKind() == JsonValueKind.String)
                foreach (var (kind, raw) in StringValues().Concat(node.GetValue<string>().Contains("-01") ? DateValues() : []))
                    yield return new HostileBody(kind, Describe(path), Replace(sample, path, raw));
        }
        // As the whole body, an array of reports with a wrong type in it.
        foreach (var raw in new[] { "1", "\"x\"", "true", "[]" })
            yield return new HostileBody(Hostility.WrongType, "[1]", $"[{sample.ToJsonString()}, {raw}]");
    }

    private static void Walk(JsonNode node, List<object> path, List<(List<object>, JsonNode)> into)
    {
        if (path.Count > 0) into.Add((path, node));
        if (node is JsonObject o)
            foreach (var (key, child) in o) Walk(child!, [.. path, key], into);
        else if (node is JsonArray a)
            for (var i = 0; i < a.Count; i++) Walk(a[i]!, [.. path, i], into);
    }

    private static IEnumerable<(Hostility, string)> StringValues() =>
    [
        (Hostility.Nul, "\"a\\u0000b\""),
        (Hostility.Nul, "\"\\u0000\""),
        (Hostility.LoneSurrogate, "\"\\ud800\""),
        (Hostility.LoneSurrogate, "\"x\\udc00y\""),
    ];

    private static IEnumerable<(Hostility, string)> DateValues() =>
    [
        (Hostility.Date, "\"0000-01-01\""),
        (Hostility.Date, "\"-0001-06-30\""),
        (Hostility.Date, "\"1899-12-31\""),
        (Hostility.Date, "\"2201-01-01\""),
        (Hostility.Date, "\"9999-12-31\""),
        (Hostility.Nul, "\"2026-01-01\\u0000\""),
    ];

    private static IEnumerable<(Hostility, string)> Values(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string)) return StringValues();
        if (type == typeof(decimal) || type == typeof(double))
            return [(Hostility.HugeAmount, "1e400"), (Hostility.HugeAmount, "79228162514264337593543950336"),
                    (Hostility.HugeAmount, "-99999999999999999999999999999999"), (Hostility.HugeAmount, "1e29")];
        if (type == typeof(int) || type == typeof(long))
            return [(Hostility.HugeAmount, "1e400"), (Hostility.HugeAmount, "99999999999999999999")];
        if (type == typeof(LocalDate)) return DateValues();
        if (type == typeof(Instant))
            return [(Hostility.Date, "\"0000-01-01T00:00:00Z\""), (Hostility.Date, "\"-0001-01-01T00:00:00Z\""),
                    (Hostility.Date, "\"9999-12-31T23:59:59Z\""), (Hostility.Nul, "\"2026-01-01T00:00:00Z\\u0000\"")];
        if (type == typeof(Money) || type == typeof(MoneyInput))
            return
            [
                (Hostility.HugeAmount, """{"amount":"99999999999999999999999999999999","currency":"USD"}"""),
                (Hostility.HugeAmount, """{"amount":99999999999999999999999999999999,"currency":"USD"}"""),
                (Hostility.HugeAmount, """{"amount":1e400,"currency":"USD"}"""),
                (Hostility.HugeAmount, """{"amount":"79228162514264337593543950336","currency":"USD"}"""),
                (Hostility.HugeAmount, """{"amount":"-92233720368547758.09","currency":"USD"}"""),
                (Hostility.HugeAmount, """{"amount":"92233720368547758","currency":"USD"}"""),
                (Hostility.TooPrecise, """{"amount":"0.0000001","currency":"USD"}"""),
                (Hostility.TooPrecise, """{"amount":"1.001","currency":"USD"}"""),
                (Hostility.TooPrecise, """{"amount":"5.5","currency":"JPY"}"""),
                (Hostility.MoneyUnknownField, """{"amount":"1.00","currency":"USD","x":1}"""),
                (Hostility.MoneyUnknownField, """{"amount":"1.00","currency":"USD","amount2":"1.00"}"""),
                (Hostility.Nul, """{"amount":"1.00\u0000","currency":"USD"}"""),
                (Hostility.Nul, """{"amount":"1.00","currency":"USD\u0000"}"""),
                (Hostility.LoneSurrogate, """{"amount":"1.00","currency":"\ud800"}"""),
            ];
        if (IsList(type, out _)) return [(Hostility.NullInList, "[null]")];
        return [];
    }

    /// <summary>Every field of the type, with its path from the body's root, recursively (money objects are leaves).</summary>
    private static IEnumerable<(List<object> Path, Type Type)> Slots(Type type, Guid memberId, List<object> path, int depth)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (depth > 5) yield break;
        if (path.Count > 0) yield return (path, type);
        if (IsLeaf(type)) yield break;
        if (IsDictionary(type, out var key, out var value))
        {
            foreach (var s in Slots(value, memberId, [.. path, KeyName(key, memberId)], depth + 1)) yield return s;
        }
        else if (IsList(type, out var element))
        {
            foreach (var s in Slots(element, memberId, [.. path, 0], depth + 1)) yield return s;
        }
        else
        {
            foreach (var p in Properties(type))
                foreach (var s in Slots(p.PropertyType, memberId, [.. path, Camel.ConvertName(p.Name)], depth + 1)) yield return s;
        }
    }

    private static JsonNode? Sample(Type type, Guid memberId, int depth)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (depth > 6) return null;
        if (type == typeof(string)) return "x";
        if (type == typeof(Guid)) return memberId.ToString();
        if (type == typeof(bool)) return false;
        if (type == typeof(int) || type == typeof(long) || type == typeof(short)) return 1;
        if (type == typeof(decimal) || type == typeof(double)) return 1;
        if (type == typeof(LocalDate)) return "2026-01-01";
        if (type == typeof(Instant)) return "2026-01-01T00:00:00Z";
        if (type == typeof(Money) || type == typeof(MoneyInput)) return new JsonObject { ["amount"] = "1.00", ["currency"] = "USD" };
        if (type.IsEnum) return Camel.ConvertName(Enum.GetNames(type)[0]);
        if (type == typeof(JsonElement)) return new JsonObject();
        if (type.Namespace?.StartsWith("NodaTime", StringComparison.Ordinal) == true) return "2026-01-01";
        if (IsDictionary(type, out var key, out var value))
        {
            return new JsonObject { [KeyName(key, memberId)] = Sample(value, memberId, depth + 1) };
        }
        if (IsList(type, out var element)) return new JsonArray(Sample(element, memberId, depth + 1));
        if (type.IsAbstract || type.IsInterface || type.IsPrimitive) return null;
        var o = new JsonObject();
        foreach (var p in Properties(type)) o[Camel.ConvertName(p.Name)] = Sample(p.PropertyType, memberId, depth + 1);
        return o;
    }

    private static string KeyName(Type key, Guid memberId) =>
        key.IsEnum ? Camel.ConvertName(Enum.GetNames(key)[0]) : key == typeof(Guid) ? memberId.ToString() : "x";

    private static IEnumerable<PropertyInfo> Properties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.GetIndexParameters().Length == 0 && p.GetCustomAttribute<JsonIgnoreAttribute>() is null
                        && (p.CanWrite || type.GetConstructors().Any(c => c.GetParameters().Any(a => string.Equals(a.Name, p.Name, StringComparison.OrdinalIgnoreCase)))));

    private static bool IsLeaf(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(Guid)
        || type == typeof(Money) || type == typeof(MoneyInput) || type == typeof(JsonElement)
        || type.Namespace?.StartsWith("NodaTime", StringComparison.Ordinal) == true;

    private static bool IsDictionary(Type type, out Type key, out Type value)
    {
        var i = type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(IDictionary<,>) || type.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>))
            ? type
            : type.GetInterfaces().FirstOrDefault(x => x.IsGenericType && x.GetGenericTypeDefinition() == typeof(IDictionary<,>));
        key = i?.GetGenericArguments()[0] ?? typeof(object);
        value = i?.GetGenericArguments()[1] ?? typeof(object);
        return i is not null;
    }

    private static bool IsList(Type type, out Type element)
    {
        element = typeof(object);
        if (type == typeof(string) || !typeof(IEnumerable).IsAssignableFrom(type) || IsDictionary(type, out _, out _)) return false;
        if (type.IsArray) { element = type.GetElementType()!; return true; }
        var e = type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IEnumerable<>)
            ? type
            : type.GetInterfaces().FirstOrDefault(x => x.IsGenericType && x.GetGenericTypeDefinition() == typeof(IEnumerable<>));
        if (e is null) return false;
        element = e.GetGenericArguments()[0];
        return true;
    }

    private static string Replace(JsonNode sample, List<object> path, string raw)
    {
        var copy = sample.DeepClone();
        JsonNode parent = copy;
        for (var i = 0; i < path.Count - 1; i++) parent = path[i] is int n ? parent[n]! : parent[(string)path[i]]!;
        if (path[^1] is int index) parent.AsArray()[index] = Hole;
        else parent.AsObject()[(string)path[^1]] = Hole;
        return copy.ToJsonString().Replace($"\"{Hole}\"", raw, StringComparison.Ordinal);
    }

    private static string Describe(List<object> path) =>
        string.Concat(path.Select((p, i) => p is int n ? $"[{n}]" : (i == 0 ? "" : ".") + p));
}
