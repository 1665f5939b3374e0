using System.IO.Compression;
using System.Text.Json;
using Microsoft.Net.Http.Headers;

namespace SharingLedger.Infrastructure.Answers;

/// <summary>
/// A stored answer sent: its JSON is kept gzip-compressed (compressed once, when it is worked out), sent as it is to a client that
/// accepts gzip (browsers, most HTTP libraries) and inflated for one that does not, so both get the same JSON.
/// </summary>
public sealed class StoredAnswerResult(byte[] gzipped) : IResult
{
    /// <summary>The answer's JSON as a stored answer keeps it.</summary>
    public static byte[] Compress<T>(T answer, JsonSerializerOptions options)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true)) JsonSerializer.Serialize(gzip, answer, options);
        return buffer.ToArray();
    }

    public async Task ExecuteAsync(HttpContext http)
    {
        var response = http.Response;
        response.ContentType = StoredAnswers.ContentType;
        response.Headers.Vary = HeaderNames.AcceptEncoding;
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

    private static bool AcceptsGzip(HttpRequest request) =>
        request.GetTypedHeaders().AcceptEncoding.Any(e => (e.Value.Equals("gzip", StringComparison.OrdinalIgnoreCase) || e.Value.Equals("*", StringComparison.Ordinal))
                                                          && e.Quality is not 0);
}
