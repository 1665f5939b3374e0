using Microsoft.AspNetCore.Mvc.ApiExplorer;

namespace SharingLedger.Infrastructure.Http;

/// <summary>
/// A query parameter the route does not take is a 400 that names it and lists what the route takes, so a misspelt
/// filter (<c>?fiscalyear=2026</c>, <c>?memberid=…</c>) never silently answers for everything. What each route takes is
/// what it declares, read once from the same API description the OpenAPI document is made from; routes outside that
/// description (health, the reference page, the console's pages) are not checked here.
/// </summary>
public sealed class QueryParameterGate(RequestDelegate next, IApiDescriptionGroupCollectionProvider descriptions)
{
    private Dictionary<string, HashSet<string>>? _taken;

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Query.Count > 0 && context.GetEndpoint() is RouteEndpoint endpoint
            && Taken().TryGetValue(Key(context.Request.Method, endpoint.RoutePattern.RawText), out var taken))
        {
            var unknown = context.Request.Query.Keys.Where(k => !taken.Contains(k)).Order(StringComparer.Ordinal).ToList();
            if (unknown.Count > 0)
            {
                var accepted = taken.Count == 0 ? "This route takes no query parameters." : $"This route takes: {string.Join(", ", taken.Order(StringComparer.Ordinal))}.";
                await Problems.BadRequest($"Unknown query parameter{(unknown.Count > 1 ? "s" : "")}: {string.Join(", ", unknown)}. {accepted}")
                    .ExecuteAsync(context);
                return;
            }
        }
        await next(context);
    }

    private Dictionary<string, HashSet<string>> Taken() => _taken ??= descriptions.ApiDescriptionGroups.Items
        .SelectMany(g => g.Items)
        .Where(d => d.HttpMethod is not null && d.RelativePath is not null)
        .GroupBy(d => Key(d.HttpMethod!, d.RelativePath!))
        .ToDictionary(g => g.Key, g => g.SelectMany(d => d.ParameterDescriptions)
            .Where(p => p.Source == Microsoft.AspNetCore.Mvc.ModelBinding.BindingSource.Query)
            .Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase));

    private static string Key(string method, string? route) => $"{method.ToUpperInvariant()} /{route?.TrimStart('/')}";
}
