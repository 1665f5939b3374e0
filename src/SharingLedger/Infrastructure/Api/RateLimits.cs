using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using SharingLedger.Access;

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

    public static IServiceCollection AddLedgerRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var limits = CallerLimits.From(configuration);
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

/// <summary>Who a request counts against, and that caller's limit a minute.</summary>
public sealed class CallerLimits(int fallback, IReadOnlyDictionary<string, int> byKind)
{
    public const string Operator = "Operator";
    public const string Anonymous = "Anonymous";

    public static CallerLimits From(IConfiguration configuration)
    {
        var section = configuration.GetSection("Limits:RequestsPerMinute");
        var fallback = section.GetValue<int?>("Default") ?? configuration.GetValue<int?>("Limits:RequestsPerMinute") ?? RateLimits.DefaultPerMinute;
        var byKind = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var kind in Roles.All.Append(Operator).Append(Anonymous))
        {
            if (section.GetValue<int?>(kind) is { } limit) byKind[kind] = limit;
        }
        foreach (var (kind, limit) in byKind.Append(new("Default", fallback)))
        {
            if (limit <= 0) throw new InvalidOperationException($"Limits:RequestsPerMinute:{kind} must be a positive number of requests.");
        }
        return new CallerLimits(fallback, byKind);
    }

    public (string Caller, int PerMinute) Of(HttpContext context)
    {
        var user = context.User;
        if (user.Identity is { IsAuthenticated: true } identity)
        {
            if (identity.AuthenticationType == ApiKeyAuthenticationHandler.SchemeName && identity.Name is { Length: > 0 } name)
                // key:{id}:{label} or operator:{name}, set by the API key handler alone
                return ("apikey:" + name, Operators.IsOperator(user) && byKind.TryGetValue(Operator, out var op) ? op : ForRoles(user));
            // A bearer token: its issuer and subject (both checked present when the token was accepted).
            return ($"bearer:{user.FindFirstValue(LedgerClaims.Issuer)}|{user.FindFirstValue(LedgerClaims.Subject)}", ForRoles(user));
        }
        return ("anonymous:" + context.Connection.RemoteIpAddress, byKind.GetValueOrDefault(Anonymous, fallback));
    }

    private int ForRoles(ClaimsPrincipal user)
    {
        var limits = user.FindAll(LedgerClaims.Role).Select(c => byKind.TryGetValue(c.Value, out var limit) ? limit : fallback).ToList();
        return limits.Count == 0 ? fallback : limits.Max();
    }
}
