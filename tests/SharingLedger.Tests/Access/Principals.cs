using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Access;

/// <summary>A consortium with two members and a real API key for each role, plus signed bearer tokens.</summary>
public sealed class Principals
{
    public required Guid Consortium { get; init; }
    public required Guid OwnMember { get; init; }
    public required Guid OtherMember { get; init; }
    public required Dictionary<string, string> Keys { get; init; }

    public static async Task<Principals> Create(LedgerApi api)
    {
        var c = await api.EstablishConsortium();
        var own = await api.AdmitMember(c, "OWN");
        var other = await api.AdmitMember(c, "OTHER");
        var keys = new Dictionary<string, string>();
        foreach (var role in new[] { "member", "finance", "auditor", "admin" })
        {
            var body = await api.Ok(api.Post($"/consortia/{c}/api-keys", new { label = role, roles = new[] { role }, memberId = role == "member" ? own : (Guid?)null }), 201);
            keys[role] = body.GetProperty("key").GetString()!;
        }
        return new Principals { Consortium = c, OwnMember = own, OtherMember = other, Keys = keys };
    }

    public static string Token(string role, Guid? consortium, Guid? member = null, DateTime? expires = null, string signingKey = LedgerHost.JwtSigningKey,
        string? subject = null)
    {
        var claims = new List<Claim> { new("sub", subject ?? $"idp-user-{role}"), new("role", role) };
        if (consortium is { } c) claims.Add(new Claim("consortium_id", c.ToString()));
        if (member is { } m) claims.Add(new Claim("member_id", m.ToString()));
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = LedgerHost.JwtIssuer,
            Audience = LedgerHost.JwtAudience,
            Subject = new ClaimsIdentity(claims),
            NotBefore = (expires ?? DateTime.UtcNow.AddHours(1)).AddHours(-2),
            Expires = expires ?? DateTime.UtcNow.AddHours(1),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(signingKey)), SecurityAlgorithms.HmacSha256),
        });
    }
}
