using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace SharingLedger.Access;

/// <summary>
/// Two ways in: API keys (member systems, staff, configured operators) and JWT bearer tokens from the
/// consortium's identity provider (issuer, audience and signing key or authority from <c>Auth:Jwt</c>;
/// claims <c>sub</c>, <c>role</c>, <c>consortium_id</c>, <c>member_id</c>, which must be whole: see <see cref="TokenClaims"/>).
/// A policy scheme picks by the header sent.
/// </summary>
public static class AuthSetup
{
    private sealed record GeneratedOperatorKey(string Key);

    public const string Scheme = "Ledger";

    /// <summary>Why a bearer token was refused (our words, never the library's), for the 401's detail and WWW-Authenticate.</summary>
    public const string AuthFailureItem = "ledger:auth-failure";

    public static IServiceCollection AddLedgerAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        // Development and the demo get a ready-made operator key (printed at start) when none is configured.
        var generated = configuration.GetSection("Auth:OperatorKeys").GetChildren().Any()
                        || !(configuration.GetValue<bool>("Demo:Seed") || configuration["ASPNETCORE_ENVIRONMENT"] == "Development")
            ? null
            : new GeneratedOperatorKey(ApiKeySecret.New(Guid.NewGuid()).Key);
        services.AddSingleton(new DemoCredentials(generated?.Key));
        BootstrapKeys.FromConfiguration(configuration); // a misconfigured operator key stops the host now, not at its first request
        services.AddSingleton(sp =>
        {
            var configured = BootstrapKeys.FromConfiguration(sp.GetRequiredService<IConfiguration>());
            return generated is null ? configured
                : new BootstrapKeys(configured.Keys.Append(new BootstrapKeys.OperatorKey("demo-operator", ApiKeySecret.Hash(generated.Key),
                    [Roles.Finance, Roles.Auditor, Roles.Admin])));
        });
        var jwt = configuration.GetSection("Auth:Jwt");
        services.AddAuthentication(Scheme)
            .AddPolicyScheme(Scheme, "API key or bearer token", o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? JwtBearerDefaults.AuthenticationScheme
                    : ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, _ => { })
            .AddJwtBearer(o =>
            {
                o.MapInboundClaims = false;
                o.Authority = jwt["Authority"];
                o.RequireHttpsMetadata = jwt.GetValue("RequireHttpsMetadata", true);
                o.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = jwt["Issuer"],
                    ValidAudience = jwt["Audience"],
                    ValidateIssuer = true,
                    ValidateAudience = true,
                    ValidateLifetime = true,
                    NameClaimType = "sub",
                    RoleClaimType = LedgerClaims.Role,
                    IssuerSigningKey = jwt["SigningKey"] is { Length: > 0 } key ? new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)) : null,
                    ValidateIssuerSigningKey = true,
                };
                o.Events = new JwtBearerEvents
                {
                    // Fail closed: a token lacking a claim its roles need is refused here, so it never becomes a principal.
                    OnTokenValidated = context =>
                    {
                        if (context.Principal is { } principal && TokenClaims.Refusal(principal) is { } refusal)
                        {
                            context.HttpContext.Items[AuthFailureItem] = refusal;
                            context.Fail(refusal);
                        }
                        return Task.CompletedTask;
                    },
                    OnAuthenticationFailed = context =>
                    {
                        context.HttpContext.Items.TryAdd(AuthFailureItem, context.Exception is SecurityTokenExpiredException
                            ? "The bearer token has expired."
                            : "The bearer token is not valid (signature, issuer, audience or lifetime).");
                        return Task.CompletedTask;
                    },
                };
            });
        // Access is declared on each endpoint ([Allow] or [AllowAnonymous]). A route that declares nothing meets the fallback
        // policy, which nobody meets (AccessAnswers answers 403), and a Wolverine endpoint declaring nothing stops the host
        // (AccessDeclarations). A request no route matches (404) or whose method no route takes (405) needs only a principal.
        services.AddAuthorization(o => o.FallbackPolicy = new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder()
            .RequireAuthenticatedUser()
            .RequireAssertion(c => c.Resource is HttpContext http && http.GetEndpoint() is not RouteEndpoint)
            .Build());
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationHandler, AccessHandler>();
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, AccessAnswers>();
        return services;
    }
}

/// <summary>The operator key generated for development and the demo, if one was; null otherwise.</summary>
public sealed record DemoCredentials(string? OperatorKey);
