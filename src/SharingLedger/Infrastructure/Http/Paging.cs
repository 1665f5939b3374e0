using System.Globalization;
using Marten;
using Marten.Linq;

namespace SharingLedger.Infrastructure.Http;

/// <summary>
/// The one way every list that grows is paged: <c>?limit=</c> (default 100, at most <c>Limits:MaxPageSize</c>, default
/// 500) and <c>?offset=</c> (default 0). The page is read in the database (<see cref="PageAsync{TDoc,TView}"/>: the
/// query's own ORDER BY, OFFSET and LIMIT, and its total counted in the same statement); the total is in
/// <c>X-Total-Count</c>, and the first, previous, next and last pages are in an RFC 8288 <c>Link</c> header.
/// </summary>
public sealed record Paging(int Limit, int Offset)
{
    public const int DefaultLimit = 100;

    public static IResult? TryCreate(int? limit, int? offset, IConfiguration configuration, out Paging paging) =>
        TryCreate(limit, offset, configuration.GetValue("Limits:MaxPageSize", 500), DefaultLimit, out paging);

    /// <summary>With a route's own cap and default (a statement pages up to thousands of lines).</summary>
    public static IResult? TryCreate(int? limit, int? offset, int max, int defaultLimit, out Paging paging)
    {
        paging = new Paging(limit ?? Math.Min(defaultLimit, max), offset ?? 0);
        var v = new Validation()
            .Require(paging.Limit is >= 1 && paging.Limit <= max, "limit", $"From 1 to {max} items a page.")
            .Require(paging.Offset >= 0, "offset", "Cannot be negative.");
        return v.IsValid ? null : v.Problem();
    }

    /// <summary>One page of an ordered Marten query, read in the database, each document shown as <paramref name="view"/>.</summary>
    public async Task<IResult> PageAsync<TDoc, TView>(HttpContext http, IQueryable<TDoc> ordered, Func<TDoc, TView> view, CancellationToken ct) where TDoc : notnull
    {
        var page = await ordered.Stats(out var stats).Skip(Offset).Take(Limit).ToListAsync(ct);
        return Respond(http, stats.TotalResults, page.Select(view).ToList());
    }

    /// <summary>A page already read (by SQL of its own), with the total the same read counted.</summary>
    public IResult Respond<T>(HttpContext http, long total, IReadOnlyList<T> page)
    {
        WriteHeaders(http, total);
        return Results.Ok(page);
    }

    /// <summary><c>X-Total-Count</c> and the <c>Link</c> header, for a list of <paramref name="total"/> items read from <see cref="Offset"/>.</summary>
    public void WriteHeaders(HttpContext http, long total)
    {
        http.Response.Headers["X-Total-Count"] = total.ToString(CultureInfo.InvariantCulture);
        if (Links(http.Request, total) is { Length: > 0 } links) http.Response.Headers.Link = links;
    }

    private string Links(HttpRequest request, long total)
    {
        var links = new List<string>();
        var last = total == 0 ? 0 : (total - 1) / Limit * Limit;
        if (Offset > 0) links.Add(Link(request, 0, "first"));
        if (Offset > 0) links.Add(Link(request, Math.Max(0, Offset - Limit), "prev"));
        if (Offset + Limit < total) links.Add(Link(request, Offset + Limit, "next"));
        if (Offset + Limit < total) links.Add(Link(request, last, "last"));
        return string.Join(", ", links);
    }

    private string Link(HttpRequest request, long offset, string rel)
    {
        var query = request.Query.Where(q => q.Key is not ("limit" or "offset"))
            .SelectMany(q => q.Value.Select(v => KeyValuePair.Create(q.Key, v)))
            .Append(KeyValuePair.Create("limit", (string?)Limit.ToString(CultureInfo.InvariantCulture)))
            .Append(KeyValuePair.Create("offset", (string?)offset.ToString(CultureInfo.InvariantCulture)));
        return $"<{request.PathBase}{request.Path}{QueryString.Create(query)}>; rel=\"{rel}\"";
    }
}
