using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.Options;
using SharingLedger.Infrastructure.Http;

namespace SharingLedger.WebConsole;

/// <summary>What an API endpoint answered: its status and, for a problem, the detail and each field's messages.</summary>
public sealed record ApiAnswer(int Status, string? Title, string? Detail, IReadOnlyDictionary<string, string[]> Errors)
{
    public bool Succeeded => Status is >= 200 and < 300;
}

/// <summary>
/// The console's forms record through the API's own endpoints, in process: the command goes as JSON through the endpoint's
/// request delegate (Wolverine's generated handler, behind the same input gate), on a request of its own that carries the
/// console user's claims. Validation, the decision, the events, who acted and the 400/404/409/422 answers are therefore
/// exactly the API's; the console only shows them, each field's message beside its field. The console checks the role
/// before it offers a form; nothing here widens what a role may do.
/// </summary>
public sealed class InProcessApi(EndpointDataSource endpoints, IServiceScopeFactory scopes, IOptions<JsonOptions> json)
{
    public async Task<ApiAnswer> PostAsync(ClaimsPrincipal user, string template, IReadOnlyDictionary<string, string> route, object body, CancellationToken ct)
    {
        var (status, _, bytes) = await SendAsync(user, "POST", template, route, "", body, ct);
        return Read(status, bytes);
    }

    /// <summary>
    /// A GET through the API's own endpoint (the console's downloads: the same CSV and XLSX bytes an API client gets): its status,
    /// response headers (content type and disposition) and body.
    /// </summary>
    public Task<(int Status, IHeaderDictionary Headers, byte[] Body)> GetAsync(ClaimsPrincipal user, string template, IReadOnlyDictionary<string, string> route,
        string query, CancellationToken ct) => SendAsync(user, "GET", template, route, query, null, ct);

    private async Task<(int Status, IHeaderDictionary Headers, byte[] Body)> SendAsync(ClaimsPrincipal user, string method, string template,
        IReadOnlyDictionary<string, string> route, string query, object? body, CancellationToken ct)
    {
        var endpoint = endpoints.Endpoints.OfType<RouteEndpoint>().Single(e =>
            e.RoutePattern.RawText == template && e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Contains(method) == true);
        await using var scope = scopes.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider, User = user, RequestAborted = ct };
        var path = template;
        foreach (var (name, value) in route)
        {
            path = path.Replace("{" + name + "}", value, StringComparison.Ordinal);
            context.Request.RouteValues[name] = value;
        }
        context.Request.Method = method;
        context.Request.Scheme = "http";
        context.Request.Host = new HostString("console.internal");
        context.Request.Path = path;
        context.Request.QueryString = new QueryString(query);
        if (body is not null)
        {
            var bytes = JsonSerializer.SerializeToUtf8Bytes(body, json.Value.SerializerOptions);
            context.Request.ContentType = "application/json";
            context.Request.ContentLength = bytes.Length;
            context.Request.Body = new MemoryStream(bytes);
        }
        var response = new MemoryStream();
        context.Response.Body = response;
        context.SetEndpoint(endpoint);

        var gate = ActivatorUtilities.CreateInstance<InputGate>(scope.ServiceProvider, (RequestDelegate)endpoint.RequestDelegate!);
        await gate.InvokeAsync(context);
        return (context.Response.StatusCode, context.Response.Headers, response.ToArray());
    }

    private static ApiAnswer Read(int status, byte[] body)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
        string? title = null, detail = null;
        if (status >= 400 && body.Length > 0)
        {
            try
            {
                using var doc = JsonDocument.Parse(body);
                var root = doc.RootElement;
                if (root.TryGetProperty("title", out var t)) title = t.GetString();
                if (root.TryGetProperty("detail", out var d)) detail = d.GetString();
                if (root.TryGetProperty("errors", out var e) && e.ValueKind == JsonValueKind.Object)
                    foreach (var field in e.EnumerateObject())
                        errors[field.Name] = field.Value.ValueKind == JsonValueKind.Array
                            ? field.Value.EnumerateArray().Select(m => m.ToString()).ToArray()
                            : [field.Value.ToString()];
            }
            catch (JsonException)
            {
                detail = Encoding.UTF8.GetString(body);
            }
        }
        return new ApiAnswer(status, title, detail, errors);
    }
}
