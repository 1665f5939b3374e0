using System.IO.Compression;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.Options;

namespace SharingLedger.Infrastructure.Http;

/// <summary>
/// The API's answers compressed (Brotli or gzip, at the fastest level) for a client that asks with <c>Accept-Encoding</c>:
/// a year's ILL statistics of a national consortium is some 8 MB of JSON, and finance officers' scripts and ILL systems fetch
/// such answers over ordinary links. Answers already compressed (stored answers, <see cref="Answers.StoredAnswerResult"/>) go
/// as they are. The console's pages and downloads (endpoints marked <see cref="Uncompressed"/>) are left alone: they are read
/// with a session cookie, and a compressed answer that shows a secret beside text an attacker can put in its address can leak
/// that secret (BREACH); the API is read with a key in a header, which another site cannot make a browser send.
/// </summary>
public static class AnswerCompression
{
    public static readonly string[] MimeTypes =
        ["application/json", "application/problem+json", "text/csv", "application/xml", "text/xml", "text/plain", "text/css"];

    public static IServiceCollection AddAnswerCompression(this IServiceCollection services)
    {
        services.AddSingleton<IResponseCompressionProvider, ApiCompressionProvider>(); // before the default, which is added if none is
        services.AddResponseCompression(o =>
        {
            o.EnableForHttps = true; // see above: only key-authenticated answers are compressed
            o.MimeTypes = MimeTypes;
            o.Providers.Add<BrotliCompressionProvider>();
            o.Providers.Add<GzipCompressionProvider>();
        });
        services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        return services;
    }

    public static IApplicationBuilder UseAnswerCompression(this IApplicationBuilder app) => app.UseResponseCompression();

    /// <summary>Marks endpoints whose answers are never compressed (the console's, read with a session cookie).</summary>
    public sealed class Uncompressed;

    /// <summary>Decides when the answer starts, after routing, so it can see the endpoint's marker.</summary>
    private sealed class ApiCompressionProvider(IServiceProvider services, IOptions<ResponseCompressionOptions> options)
        : ResponseCompressionProvider(services, options)
    {
        public override bool ShouldCompressResponse(HttpContext context) =>
            context.GetEndpoint()?.Metadata.GetMetadata<Uncompressed>() is null && base.ShouldCompressResponse(context);
    }
}
