using Microsoft.AspNetCore.Hosting;
using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.WebConsole;

/// <summary>The console with the consortium's identity provider configured (issuer, audience, a signing key the tests hold).</summary>
public sealed class JwtBrowser(LedgerHost ledger) : ConsoleBrowser(ledger)
{
    protected override string Database => "console_jwt";

    protected override void Configure(IWebHostBuilder builder)
    {
        builder.UseSetting("Auth:Jwt:Issuer", LedgerHost.JwtIssuer);
        builder.UseSetting("Auth:Jwt:Audience", LedgerHost.JwtAudience);
        builder.UseSetting("Auth:Jwt:SigningKey", LedgerHost.JwtSigningKey);
    }
}
