using System.Security.Claims;
using SharingLedger.Infrastructure.Api;

namespace SharingLedger.Access;

/// <summary>Who a request counts against, and that caller's limit a minute.</summary>
public sealed class CallerLimits(int fallback, IReadOnlyDictionary<string, int> byKind) : ICallerLimits
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
