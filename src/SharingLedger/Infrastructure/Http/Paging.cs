namespace SharingLedger.Infrastructure.Http;

/// <summary>
/// Page size caps for lists that grow with traffic: <c>?limit=</c> (default 100, at most
/// <c>Limits:MaxPageSize</c>, default 500) and <c>?offset=</c>; the total is in <c>X-Total-Count</c>, and the next and
/// previous pages are in an RFC 8288 <c>Link</c> header (rel="next", rel="prev") where there are some.
/// </summary>
public sealed record Paging(int Limit, int Offset)
{
    public const int DefaultLimit = 100;

    public static IResult? TryCreate(int? limit, int? offset, IConfiguration configuration, out Paging paging)
    {
        var max = configuration.GetValue("Limits:MaxPageSize", 500);
        paging = new Paging(limit ?? Math.Min(DefaultLimit, max), offset ?? 0);
        var v = new Validation()
            .Require(paging.Limit is >= 1 && paging.Limit <= max, "limit", $"From 1 to {max} items a page.")
            .Require(paging.Offset >= 0, "offset", "Cannot be negative.");
        return v.IsValid ? null : v.Problem();
    }

    public IResult Page<T>(HttpContext http, IReadOnlyCollection<T> all)
    {
        http.Response.Headers["X-Total-Count"] = all.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var links = new List<string>();
        if (Offset + Limit < all.Count) links.Add($"<{PageUrl(http.Request, Offset + Limit)}>; rel=\"next\"");
        if (Offset > 0) links.Add($"<{PageUrl(http.Request, Math.Max(0, Offset - Limit))}>; rel=\"prev\"");
        if (links.Count > 0) http.Response.Headers.Link = string.Join(", ", links);
        return Results.Ok(all.Skip(Offset).Take(Limit).ToList());
    }

    private string PageUrl(HttpRequest request, int offset)
    {
        var query = request.Query.Where(q => q.Key is not ("limit" or "offset"))
            .SelectMany(q => q.Value.Select(v => KeyValuePair.Create(q.Key, v)))
            .Append(KeyValuePair.Create("limit", (string?)Limit.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .Append(KeyValuePair.Create("offset", (string?)offset.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return request.PathBase + request.Path + Microsoft.AspNetCore.Http.QueryString.Create(query);
    }
}
