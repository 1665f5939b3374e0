using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace SharingLedger.Infrastructure.Api;

/// <summary>
/// Per-caller limits (<c>Limits:*</c>): requests per minute per principal (per client address when
/// anonymous) answered with 429 and Retry-After; request bodies over a size are refused with 413.
/// </summary>
public static class RateLimits
{
    public static IServiceCollection AddLedgerRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var perMinute = configuration.GetValue("Limits:RequestsPerMinute", 600);
        services.AddRateLimiter(o =>
        {
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                RateLimitPartition.GetFixedWindowLimiter(
                    context.User.FindFirstValue(ClaimTypes.Name) ?? "anonymous:" + context.Connection.RemoteIpAddress,
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = async (rejected, ct) =>
            {
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1);
                rejected.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                var problems = rejected.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
                await problems.WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = rejected.HttpContext,
                    ProblemDetails = new ProblemDetails
                    {
                        Status = 429, Title = "Too many requests",
                        Detail = $"At most {perMinute} requests a minute; try again in {(int)Math.Ceiling(retryAfter.TotalSeconds)} s.",
                    },
                });
            };
        });
        return services;
    }

    /// <summary>Refuses a declared body over <c>Limits:MaxBodyBytes</c> (default 1 MiB) before anything reads it.</summary>
    public static IApplicationBuilder UseBodySizeLimit(this IApplicationBuilder app, IConfiguration configuration)
    {
        var max = configuration.GetValue("Limits:MaxBodyBytes", 1L << 20);
        return app.Use(async (context, next) =>
        {
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
