using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using SharingLedger.Access;

namespace SharingLedger.WebConsole;

/// <summary>
/// Signing in to the console with a token from the consortium's identity provider, when <c>Auth:Jwt</c> is configured: the
/// token is checked by the API's own JWT bearer handler (a fresh instance on a request of its own that carries only the
/// token), so issuer, audience, signing key or authority, lifetime and the ledger's claim rules (<see cref="TokenClaims"/>)
/// are exactly the API's. The session keeps the token's claims and its expiry, never the token; it ends when the token
/// would have expired, on idle expiry or on sign-out, whichever comes first.
/// </summary>
public static class ConsoleTokenSignIn
{
    public const string ExpiresClaim = "console:token-expires";

    /// <summary>Whether the identity provider's tokens are accepted: an issuer and a signing key or authority are configured.</summary>
    public static bool Offered(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration["Auth:Jwt:Issuer"])
        && (!string.IsNullOrWhiteSpace(configuration["Auth:Jwt:SigningKey"]) || !string.IsNullOrWhiteSpace(configuration["Auth:Jwt:Authority"]));

    /// <summary>Signs in with the token; answers why it was refused (the API's own words), or null.</summary>
    public static async Task<string?> SignInAsync(HttpContext http, string presented)
    {
        var schemes = http.RequestServices.GetRequiredService<IAuthenticationSchemeProvider>();
        var scheme = await schemes.GetSchemeAsync(JwtBearerDefaults.AuthenticationScheme)
                     ?? throw new InvalidOperationException("The bearer token scheme is not registered.");
        var probe = new DefaultHttpContext { RequestServices = http.RequestServices, RequestAborted = http.RequestAborted };
        var token = presented.Trim();
        if (token.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) token = token[7..].Trim();
        probe.Request.Headers.Authorization = "Bearer " + token;
        var handler = ActivatorUtilities.CreateInstance<JwtBearerHandler>(http.RequestServices);
        await handler.InitializeAsync(scheme, probe);
        var result = await handler.AuthenticateAsync();
        if (!result.Succeeded || result.Principal is not { } principal)
            return probe.Items[AuthSetup.AuthFailureItem] as string ?? "The bearer token is not valid (signature, issuer, audience or lifetime).";

        var claims = principal.Claims.Where(c => c.Type is LedgerClaims.Role or LedgerClaims.Consortium or LedgerClaims.Member).ToList();
        claims.Add(new Claim(ClaimTypes.Name, "idp:" + principal.FindFirst(LedgerClaims.Subject)!.Value));
        if (principal.FindFirst("exp")?.Value is { } exp) claims.Add(new Claim(ExpiresClaim, exp));
        var identity = new ClaimsIdentity(claims, ConsoleSession.Scheme, ClaimTypes.Name, LedgerClaims.Role);
        await http.SignInAsync(ConsoleSession.Scheme, new ClaimsPrincipal(identity), new AuthenticationProperties { IsPersistent = false, AllowRefresh = true });
        return null;
    }

    /// <summary>A session from a token holds while the token would still be valid.</summary>
    public static bool StillValid(ClaimsPrincipal principal, DateTimeOffset now) =>
        principal.FindFirst(ExpiresClaim)?.Value is { } exp && long.TryParse(exp, out var seconds) && DateTimeOffset.FromUnixTimeSeconds(seconds) > now;
}
