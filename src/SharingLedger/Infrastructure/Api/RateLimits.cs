using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace SharingLedger.Infrastructure.Api;

/// <summary>
/// Per-caller limits (<c>Limits:*</c>): requests per minute in a fixed window per caller, answered with 429 and
/// Retry-After; request bodies over a size are refused with 413. A caller is an API key (by its id; an operator key by
/// its name) or a bearer token's issuer and subject; anonymous traffic, including requests whose credentials were
/// refused, shares one bucket per client address. The health endpoints are never limited (they are mapped with
/// DisableRateLimiting). The limit is <c>Limits:RequestsPerMinute:{Member|Finance|Auditor|Admin|Operator|Anonymous}</c>,
/// else <c>Limits:RequestsPerMinute:Default</c>, else <c>Limits:RequestsPerMinute</c> itself, else 600; a caller with
/// several roles gets the highest of their limits.
/// </summary>
public static class RateLimits
{
    public const int DefaultPerMinute = 600;

    /// <summary>Limits every request by its caller, as <paramref name="limits"/> (supplied by the Access slice) tells them apart.</summary>
    public static IServiceCollection AddLedgerRateLimits(this IServiceCollection services, ICallerLimits limits)
    {
        services.AddSingleton(limits);
        services.AddRateLimiter(o =>
        {
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                var (caller, perMinute) = limits.Of(context);
                return RateLimitPartition.GetFixedWindowLimiter(caller,
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
            });
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = async (rejected, ct) =>
            {
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1);
                var seconds = (int)Math.Ceiling(retryAfter.TotalSeconds);
                rejected.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                var problems = rejected.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
                await problems.WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = rejected.HttpContext,
                    ProblemDetails = new ProblemDetails
                    {
                        Status = 429, Title = "Too many requests",
                        Detail = $"At most {limits.Of(rejected.HttpContext).PerMinute} requests a minute; try again in {seconds} s.",
                    },
                });
            };
        });
        return services;
    }

    /// <summary>
    /// Refuses a declared body over <c>Limits:MaxBodyBytes</c> (default 1 MiB), or over the route's own
    /// <see cref="BodyLimitAttribute"/> limit, before anything reads it. After routing, so the route is known.
    /// </summary>
    public static IApplicationBuilder UseBodySizeLimit(this IApplicationBuilder app, IConfiguration configuration)
    {
        var serviceWide = configuration.GetValue("Limits:MaxBodyBytes", 1L << 20);
        return app.Use(async (context, next) =>
        {
            var max = context.GetEndpoint()?.Metadata.GetMetadata<BodyLimitAttribute>() is { } own
                ? configuration.GetValue(own.Setting, own.DefaultBytes)
                : serviceWide;
            if (context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
                feature.MaxRequestBodySize = max;
            if (context.Request.ContentLength > max)
            {
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails = new ProblemDetails { Status = 413, Title = "Request body too large", Detail = $"Bodies are limited to {max} bytes." },
                });
                return;
            }
            await next();
        });
    }
}

/// <summary>
/// Who a request counts against, and that caller's limit a minute. Telling callers apart needs the credentials, so the
/// Access slice implements it (Access/CallerLimits); the rate limiter here only asks.
/// </summary>
public interface ICallerLimits
{
    (string Caller, int PerMinute) Of(HttpContext context);
}
