namespace SharingLedger.Infrastructure.Http;

/// <summary>
/// A content security policy on every answer, so a page of this service runs only what the service itself serves:
/// <list type="bullet">
/// <item>the API reference (<c>/scalar</c>): its own script and the configuration it writes inline, calls only to this
/// service (<c>connect-src 'self'</c>), no fonts or images from elsewhere;</item>
/// <item>everything else (the console's pages, the API's JSON): no script at all, styles and images from the service (inline
/// styles and SVG charts included), forms posting only here.</item>
/// </list>
/// Neither may be framed by another site. <c>nosniff</c> and <c>no-referrer</c> go with every answer.
/// </summary>
public static class SecurityHeaders
{
    public const string ReferencePolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

    public const string PagePolicy =
        "default-src 'self'; script-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments("/scalar") ? ReferencePolicy : PagePolicy;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            return next(context);
        });
}
