using System.Security.Claims;
using System.Text.Encodings.Web;
using Marten;
using SharingLedger.Infrastructure.Marten;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace SharingLedger.Access;

/// <summary>
/// Authenticates <c>Authorization: ApiKey {key}</c> or <c>X-Api-Key: {key}</c>: an issued key (looked up
/// by its id, secret checked against the stored hash, not revoked; read through <see cref="ApiKeyCache"/>) or a configured operator key.
/// Fails closed like bearer tokens (<see cref="TokenClaims"/>): an issued key always has a consortium; a member
/// system's key has the member role only and names its member; a key with no role or an unknown one is refused.
/// Only a configured operator key becomes an operator (no consortium).
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    BootstrapKeys operators, IDocumentStore store, ApiKeyCache cache)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = Presented();
        if (presented is null) return AuthenticateResult.NoResult();

        if (operators.Find(presented) is { } op)
            return Success($"operator:{op.Name}", op.Roles, consortium: null, member: null, isOperator: true);

        if (!ApiKeySecret.TryParse(presented, out var keyId, out var secret)) return AuthenticateResult.Fail("Malformed API key.");
        var key = await cache.FindAsync(keyId, async () =>
        {
            // Across tenants on purpose: a key names its consortium only once it is found (by its id, which is unique), and the
            // request's tenant is not known before authentication. The key's consortium then limits what it may reach. With
            // consortia in several databases, each is asked (the cache spares most requests that).
            var found = await store.InEveryDatabaseAsync(
                session => session.Query<ApiKey>().Where(k => k.AnyTenant() && k.Id == keyId).FirstOrDefaultAsync(Context.RequestAborted), Context.RequestAborted);
            return found.FirstOrDefault(k => k is not null);
        });
        if (key is null || key.RevokedAt is not null || !ApiKeySecret.Matches(secret, key.SecretHash))
            return AuthenticateResult.Fail("Unknown or revoked API key.");
        if (!IsComplete(key)) return AuthenticateResult.Fail("The API key's grant is incomplete; ask the consortium's administrator for a new key.");
        return Success($"key:{key.Id:N}:{key.Label}", key.Roles, key.ConsortiumId, key.MemberId, isOperator: false);
    }

    private string? Presented()
    {
        var header = Request.Headers.Authorization.ToString();
        if (header.StartsWith("ApiKey ", StringComparison.OrdinalIgnoreCase)) return header[7..].Trim();
        var x = Request.Headers["X-Api-Key"].ToString();
        return string.IsNullOrWhiteSpace(x) ? null : x.Trim();
    }

    /// <summary>What issuing checks (<see cref="IssueApiKeyEndpoint"/>), checked again on every use: a stored key is never trusted to be whole.</summary>
    private static bool IsComplete(ApiKey key) =>
        key.ConsortiumId != Guid.Empty && key.Roles.Count > 0 && key.Roles.All(Roles.IsKnown)
        && (key.Roles.Contains(Roles.Member)
            ? key.Roles.Count == 1 && key.MemberId is { } m && m != Guid.Empty
            : key.MemberId is null);

    private AuthenticateResult Success(string name, IEnumerable<string> roles, Guid? consortium, Guid? member, bool isOperator)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, name) };
        if (isOperator) claims.Add(new Claim(LedgerClaims.Operator, "true"));
        claims.AddRange(roles.Select(r => new Claim(LedgerClaims.Role, r)));
        if (consortium is { } c) claims.Add(new Claim(LedgerClaims.Consortium, c.ToString("D")));
        if (member is { } m) claims.Add(new Claim(LedgerClaims.Member, m.ToString("D")));
        var identity = new ClaimsIdentity(claims, SchemeName, ClaimTypes.Name, LedgerClaims.Role);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }
}
