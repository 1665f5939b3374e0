using System.Diagnostics;

namespace SharingLedger.Infrastructure.Api;

/// <summary>
/// Every log line of a request carries its correlation id (the client's X-Correlation-Id, else the trace id)
/// and who is calling by principal name; the id is echoed back. Keys and tokens are never logged.
/// </summary>
public static class CorrelationLogging
{
    public const string Header = "X-Correlation-Id";

    public static IApplicationBuilder UseCorrelationLogging(this IApplicationBuilder app)
    {
        // Made once: the logger factory takes a lock to find a category's logger, which every request took before.
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger("SharingLedger.Requests");
        return app.Use(async (context, next) =>
        {
            var sent = context.Request.Headers[Header].ToString();
            var id = sent is { Length: > 0 and <= 100 } && sent.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
                ? sent
                : Activity.Current?.TraceId.ToString() ?? context.TraceIdentifier;
            Activity.Current?.SetTag("correlation.id", id);
            context.Response.Headers[Header] = id;
            using (logger.BeginScope(new Dictionary<string, object?> { ["CorrelationId"] = id, ["Principal"] = context.User.Identity?.Name }))
            {
                await next();
            }
        });
    }

    /// <summary>JSON log lines with scopes outside development, so log stores index the correlation id.</summary>
    public static WebApplicationBuilder AddStructuredLogging(this WebApplicationBuilder builder)
    {
        if (!builder.Environment.IsDevelopment() && !builder.Configuration.GetValue<bool>("Demo:Seed"))
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddJsonConsole(o => { o.IncludeScopes = true; o.UseUtcTimestamp = true; });
        }
        return builder;
    }
}
