using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using SharingLedger.Access;
using SharingLedger.Infrastructure.Marten;

namespace SharingLedger.WebConsole;

/// <summary>
/// Signing in to the console: the API key is checked by the API's own key handler (<see cref="ApiKeyAuthenticationHandler"/>,
/// a fresh instance on a request of its own that carries only the key), so revoked, unknown and incomplete keys are refused
/// exactly as the API refuses them. The session keeps the key's claims and its id, never its secret.
/// </summary>
public static class ConsoleSession
{
    public const string Scheme = "Console";
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(20);
    private const string KeyIdClaim = "console:key-id";

    public enum Refusal { None, Unknown, Operator }

    public static async Task<Refusal> SignInAsync(HttpContext http, string presented)
    {
        var schemes = http.RequestServices.GetRequiredService<IAuthenticationSchemeProvider>();
        var scheme = await schemes.GetSchemeAsync(ApiKeyAuthenticationHandler.SchemeName)
                     ?? throw new InvalidOperationException("The API key scheme is not registered.");
        var probe = new DefaultHttpContext { RequestServices = http.RequestServices, RequestAborted = http.RequestAborted };
        probe.Request.Headers["X-Api-Key"] = presented.Trim();
        var handler = ActivatorUtilities.CreateInstance<ApiKeyAuthenticationHandler>(http.RequestServices);
        await handler.InitializeAsync(scheme, probe);
        var result = await handler.AuthenticateAsync();
        if (!result.Succeeded || result.Principal is not { } principal) return Refusal.Unknown;
        // A platform operator names no consortium; the console shows one consortium's books, so it asks for a consortium's key.
        if (Operators.IsOperator(principal)) return Refusal.Operator;

        var claims = principal.Claims.Where(c => c.Type is LedgerClaims.Role or LedgerClaims.Consortium or LedgerClaims.Member or ClaimTypes.Name).ToList();
        if (ApiKeySecret.TryParse(presented.Trim(), out var keyId, out _)) claims.Add(new Claim(KeyIdClaim, keyId.ToString("D")));
        var identity = new ClaimsIdentity(claims, Scheme, ClaimTypes.Name, LedgerClaims.Role);
        await http.SignInAsync(Scheme, new ClaimsPrincipal(identity), new AuthenticationProperties { IsPersistent = false, AllowRefresh = true });
        return Refusal.None;
    }

    /// <summary>On every request: the key behind the session must still be there and not revoked (a token's session: not expired).</summary>
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        // A session from the identity provider's token holds while the token would (ConsoleTokenSignIn).
        if (context.Principal?.HasClaim(c => c.Type == ConsoleTokenSignIn.ExpiresClaim) == true)
        {
            if (ConsoleTokenSignIn.StillValid(context.Principal, DateTimeOffset.UtcNow)) return;
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(Scheme);
            return;
        }
        var id = context.Principal?.FindFirst(KeyIdClaim)?.Value;
        var consortium = context.Principal is { } p ? TokenClaims.GuidOf(p, LedgerClaims.Consortium) : null;
        if (id is null || !Guid.TryParse(id, out var keyId) || consortium is null)
        {
            context.RejectPrincipal();
            return;
        }
        // The key is stored under its consortium (the tenant).
        await using var session = context.HttpContext.RequestServices.GetRequiredService<IDocumentStore>().QueryFor(consortium.Value);
        var key = await session.LoadAsync<ApiKey>(keyId, context.HttpContext.RequestAborted);
        if (key is null || key.RevokedAt is not null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(Scheme);
        }
    }
}
