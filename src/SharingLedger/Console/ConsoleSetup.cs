using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.FileProviders;
using SharingLedger.Infrastructure.Http;

namespace SharingLedger.WebConsole;

/// <summary>
/// The web console (docs/decisions.md, "Web console"): Razor Pages under <c>Console/Pages</c>, served at <c>/</c>, signed in
/// with an API key into a cookie session of its own scheme (<see cref="ConsoleSession.Scheme"/>). The API never reads that
/// cookie (its default scheme is API key or bearer), so a cookie cannot authorize an API call; the pages never read API keys.
/// Its stylesheet is embedded in the assembly and served under <c>/console</c>: nothing is loaded from the internet.
/// </summary>
public static class ConsoleSetup
{
    public const string SignedIn = "console:signed-in";

    public static IServiceCollection AddLedgerConsole(this IServiceCollection services)
    {
        services.AddRazorPages(o =>
        {
            o.RootDirectory = "/Console/Pages";
            o.Conventions.AuthorizeFolder("/", SignedIn);
            o.Conventions.AllowAnonymousToPage("/SignIn");
            o.Conventions.AllowAnonymousToPage("/Language");
        });
        services.AddAuthentication()
            .AddCookie(ConsoleSession.Scheme, o =>
            {
                o.Cookie.Name = "ledger-console";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = ConsoleSession.IdleTimeout; // idle expiry: every request within it slides the window on
                o.SlidingExpiration = true;
                o.LoginPath = "/sign-in";
                o.LogoutPath = "/sign-out";
                o.AccessDeniedPath = "/forbidden";
                o.ReturnUrlParameter = "returnUrl";
                o.Events.OnValidatePrincipal = ConsoleSession.ValidateAsync; // a revoked key ends its sessions
            });
        services.AddAuthorizationBuilder()
            // Signed in to the console; each page checks the role it needs (ConsoleUser) and sends others to /forbidden.
            .AddPolicy(SignedIn, p => p.AddAuthenticationSchemes(ConsoleSession.Scheme).RequireAuthenticatedUser());
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "ledger-console-af";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.FormFieldName = "__console";
        });
        services.AddSingleton<InProcessApi>();
        services.AddHttpContextAccessor();
        services.AddSingleton<Marten.ISessionFactory, ConsoleSessions>(); // after AddMarten: the console's pages read their consortium

        return services;
    }

    /// <summary>The console's stylesheet, from the assembly (before routing: no endpoint, so the API's access checks never see it).</summary>
    public static IApplicationBuilder UseConsoleAssets(this IApplicationBuilder app) =>
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new EmbeddedFileProvider(typeof(ConsoleSetup).Assembly, "SharingLedger.Console.Assets"),
            RequestPath = "/console",
            OnPrepareResponse = c => c.Context.Response.Headers.CacheControl = "public, max-age=3600",
        });

    /// <summary>
    /// On the console's pages only, the signed-in user is the console session's (the API's default scheme reads keys and tokens,
    /// never this cookie), so every page, anonymous ones included, renders and checks its anti-forgery tokens for the same user.
    /// </summary>
    public static IApplicationBuilder UseConsoleSession(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (context.GetEndpoint()?.Metadata.GetMetadata<ConsoleEndpoint>() is not null
                && await context.AuthenticateAsync(ConsoleSession.Scheme) is { Succeeded: true, Principal: { } principal })
                context.User = principal;
            await next(context);
        });

    public static WebApplication MapLedgerConsole(this WebApplication app)
    {
        app.MapRazorPages().WithMetadata(new ConsoleEndpoint(), new AnswerCompression.Uncompressed());
        return app;
    }
}

/// <summary>Marks the console's page endpoints.</summary>
public sealed class ConsoleEndpoint;
