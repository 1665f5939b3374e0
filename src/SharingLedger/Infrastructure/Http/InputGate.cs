using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;
using SharingLedger.Infrastructure.Json;

namespace SharingLedger.Infrastructure.Http;

/// <summary>
/// Reads every JSON request body once before its endpoint does, so that bad input is refused in one place, in plain
/// words, naming the field, and before anything is loaded or recorded:
/// <list type="bullet">
/// <item>not JSON: 400;</item>
/// <item>a string (value or property name) with a NUL character or a lone UTF-16 surrogate: 400 (it is not text the
/// ledger can store or show);</item>
/// <item>a <c>null</c> entry in a list: 422;</item>
/// <item>then the body read as the endpoint's request type with the HTTP JSON options: a value that cannot be read as its
/// field (the wrong JSON type, a number beyond its field's number type, an unknown field, in a money object too) is a
/// 400; an amount more exact than its currency or beyond the ledger's range, or a date outside 1900-01-01..2200-12-31,
/// is a 422 (see <see cref="InputConverters"/>).</item>
/// </list>
/// The body is buffered and rewound, so the endpoint reads it as before.
/// </summary>
public sealed class InputGate(RequestDelegate next, IOptions<JsonOptions> json)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var requestType = context.GetEndpoint()?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;
        if (requestType is null || !HttpMethods.IsPost(context.Request.Method) && !HttpMethods.IsPut(context.Request.Method) && !HttpMethods.IsPatch(context.Request.Method)
            || context.Request.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) != true)
        {
            await next(context);
            return;
        }

        context.Request.EnableBuffering();
        byte[] body;
        try
        {
            using var copy = new MemoryStream();
            await context.Request.Body.CopyToAsync(copy, context.RequestAborted);
            body = copy.ToArray();
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await Write(context, Problems.TooLarge());
            return;
        }
        context.Request.Body.Position = 0;

        if (body.Length > 0 && (Scan(body) ?? Bind(body, requestType, json.Value.SerializerOptions)) is { } problem)
        {
            await Write(context, problem);
            return;
        }
        await next(context);
    }

    private static Task Write(HttpContext context, IResult problem) => problem.ExecuteAsync(context);

    /// <summary>Walks the JSON tokens: syntax, text that is not valid Unicode or holds NUL, and nulls in lists.</summary>
    internal static IResult? Scan(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 64 });
        var path = new List<Frame>();
        try
        {
            while (reader.Read())
            {
                var token = reader.TokenType;
                if (token is JsonTokenType.EndObject or JsonTokenType.EndArray) { path.RemoveAt(path.Count - 1); continue; }
                if (token == JsonTokenType.PropertyName)
                {
                    var name = Text(ref reader, out var nameProblem);
                    if (nameProblem is not null) return Problems.Malformed(Describe(path, "(a field name)"), $"A field name {nameProblem}");
                    path[^1] = path[^1] with { Name = name };
                    continue;
                }
                if (path.Count > 0 && path[^1].IsList) path[^1] = path[^1] with { Index = path[^1].Index + 1 };
                if (token == JsonTokenType.String && TextProblem(ref reader) is { } textProblem)
                    return Problems.Malformed(Describe(path), $"The text {textProblem}");
                if (token == JsonTokenType.Null && path.Count > 0 && path[^1].IsList)
                    return Problems.RuleViolated(Describe(path), "A list may not hold null; leave the entry out.");
                if (token == JsonTokenType.StartObject) path.Add(new Frame(false, -1, null));
                if (token == JsonTokenType.StartArray) path.Add(new Frame(true, -1, null));
            }
        }
        catch (JsonException e)
        {
            return Problems.BadRequest($"The body is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}).");
        }
        return null;
    }

    private static string? TextProblem(ref Utf8JsonReader reader)
    {
        Text(ref reader, out var problem);
        return problem;
    }

    private static string Text(ref Utf8JsonReader reader, out string? problem)
    {
        problem = null;
        string text;
        try { text = reader.GetString() ?? ""; }
        catch (InvalidOperationException)
        {
            // System.Text.Json refuses an escaped lone surrogate ("\ud800") or bytes that are not UTF-8.
            problem = "is not valid Unicode: it has a lone surrogate (\\ud800-\\udfff without its pair) or bytes that are not UTF-8.";
            return "";
        }
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\0') { problem = "holds a NUL character (\\u0000), which the ledger does not store."; break; }
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) { i++; continue; }
            if (char.IsSurrogate(c)) { problem = "is not valid Unicode: it has a lone surrogate (\\ud800-\\udfff without its pair)."; break; }
        }
        return text;
    }

    /// <summary>Reads the body as the endpoint's request type; what that refuses becomes a 400 or 422 naming the field.</summary>
    internal static IResult? Bind(byte[] body, Type requestType, JsonSerializerOptions options)
    {
        try
        {
            JsonSerializer.Deserialize(body, requestType, options);
            return null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Whatever building the request from this body throws (a converter, a record's constructor), the body is what
            // cannot be read: a 400, never a 500.
            return ProblemFor(e);
        }
    }

    /// <summary>The problem for an exception met while reading a body: plain words, the field, never a .NET type name.</summary>
    public static IResult ProblemFor(Exception e)
    {
        var json = e as JsonException ?? e.InnerException as JsonException;
        if (json is InputRejectedException rejected)
        {
            var field = InputRejectedException.FieldOf(rejected.Path, rejected.Suffix);
            return rejected.Status == StatusCodes.Status422UnprocessableEntity
                ? Problems.RuleViolated(field, rejected.Message)
                : Problems.Malformed(field, rejected.Message);
        }
        var at = InputRejectedException.FieldOf(json?.Path);
        if (json?.Message.Contains("could not be mapped to any", StringComparison.Ordinal) == true)
            return Problems.Malformed(UnknownField(json.Message, at), "Unknown field: the API has no field of this name here.");
        return Problems.Malformed(at, "Cannot be read: the value has the wrong JSON type (text, number, true/false, object or list) or is not in the expected form.");
    }

    private static string UnknownField(string message, string at)
    {
        // "The JSON property 'x' could not be mapped…": the name only, never the type the message goes on to name.
        var start = message.IndexOf('\'');
        var end = start < 0 ? -1 : message.IndexOf('\'', start + 1);
        if (end <= start) return at;
        var name = message[(start + 1)..end];
        return at == "body" || at == name ? name : at.EndsWith("." + name, StringComparison.Ordinal) ? at : $"{at}.{name}";
    }

    private static string Describe(List<Frame> path, string? last = null)
    {
        var text = new StringBuilder();
        foreach (var frame in path)
        {
            if (frame.IsList) text.Append('[').Append(frame.Index).Append(']');
            else if (frame.Name is not null) text.Append(text.Length > 0 ? "." : "").Append(frame.Name);
        }
        if (last is not null) text.Append(text.Length > 0 ? " " : "").Append(last);
        return text.Length > 0 ? text.ToString() : "body";
    }

    private static readonly System.Text.RegularExpressions.Regex TypeName =
        new(@"\b(System|Microsoft|NodaTime|SharingLedger|Marten|Wolverine|JasperFx|Npgsql)\.[A-Z]", System.Text.RegularExpressions.RegexOptions.Compiled);

    /// <summary>
    /// The last guard of every problem written (a library's own answer included): a detail that names a .NET type is
    /// replaced by plain words, and extensions that name one are dropped. The log keeps the original.
    /// </summary>
    public static void WithoutTypeNames(ProblemDetailsContext context)
    {
        var details = context.ProblemDetails;
        if (details.Detail is { } detail && TypeName.IsMatch(detail))
            details.Detail = details.Status is >= 500 ? "The ledger could not complete the request; nothing was recorded." : "The request could not be read.";
        if (details.Title is { } title && TypeName.IsMatch(title)) details.Title = null;
        foreach (var key in details.Extensions.Where(e => e.Value is string text && TypeName.IsMatch(text)).Select(e => e.Key).ToList())
            details.Extensions.Remove(key);
    }

    private sealed record Frame(bool IsList, int Index, string? Name);
}
