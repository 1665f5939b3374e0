using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Net.Http.Headers;

namespace SharingLedger.Infrastructure.Answers;

/// <summary>
/// A stored answer sent: its JSON is kept gzip-compressed (compressed once, when it is worked out), sent as it is to a client that
/// accepts gzip (browsers, most HTTP libraries) and inflated for one that does not, so both get the same JSON. It carries an entity
/// tag, so a member's system that polls it sends <c>If-None-Match</c> and hears 304 with no body while the answer has not changed
/// (docs/decisions.md, "Conditional reads of stored answers").
/// </summary>
public sealed class StoredAnswerResult(byte[] gzipped) : IResult
{
    /// <summary>How a stored answer may be kept: by the caller only (it is one member's, read with a key), and asked again each time.</summary>
    public const string CacheControl = "private, no-cache";

    /// <summary>The answer's JSON as a stored answer keeps it.</summary>
    public static byte[] Compress<T>(T answer, JsonSerializerOptions options)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true)) JsonSerializer.Serialize(gzip, answer, options);
        return buffer.ToArray();
    }

    /// <summary>
    /// The entity tag of stored bytes: a digest of them, so it changes whenever the JSON does; weak, since the gzip and the identity
    /// encodings of one JSON share it (RFC 9110, 8.8.1), and <c>If-None-Match</c> compares weakly anyway.
    /// </summary>
    private static EntityTagHeaderValue EntityTag(byte[] gzipped) =>
        new($"\"{Convert.ToHexStringLower(SHA256.HashData(gzipped).AsSpan(0, 16))}\"", isWeak: true);

    public async Task ExecuteAsync(HttpContext http)
    {
        var response = http.Response;
        var tag = EntityTag(gzipped);
        response.Headers.ETag = tag.ToString();
        response.Headers.CacheControl = CacheControl;
        response.Headers.Vary = HeaderNames.AcceptEncoding;
        if (Unchanged(http.Request, tag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }
        response.ContentType = StoredAnswers.ContentType;
        if (AcceptsGzip(http.Request))
        {
            response.Headers.ContentEncoding = "gzip";
            response.ContentLength = gzipped.Length;
            await response.Body.WriteAsync(gzipped, http.RequestAborted);
            return;
        }
        await using var json = new GZipStream(new MemoryStream(gzipped), CompressionMode.Decompress);
        await json.CopyToAsync(response.Body, http.RequestAborted);
    }

    /// <summary>The caller already holds this answer: its <c>If-None-Match</c> names the tag (or is <c>*</c>). A malformed header is ignored.</summary>
    private static bool Unchanged(HttpRequest request, EntityTagHeaderValue tag) =>
        request.Headers.IfNoneMatch.Count > 0
        && request.GetTypedHeaders().IfNoneMatch.Any(e => e.Equals(EntityTagHeaderValue.Any) || e.Compare(tag, useStrongComparison: false));

    private static bool AcceptsGzip(HttpRequest request) =>
        request.GetTypedHeaders().AcceptEncoding.Any(e => (e.Value.Equals("gzip", StringComparison.OrdinalIgnoreCase) || e.Value.Equals("*", StringComparison.Ordinal))
                                                          && e.Quality is not 0);
}
