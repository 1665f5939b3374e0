using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using SharingLedger.Demo;
using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.WebConsole;

/// <summary>The service as <c>scripts/run</c> starts it (<c>Demo:Seed=true</c>) on a database of its own, today 2026-11-27.</summary>
public sealed class DemoBrowser(LedgerHost ledger) : ConsoleBrowser(ledger)
{
    protected override string Database => "console_demo";

    protected override void Configure(IWebHostBuilder builder) => builder.UseSetting("Demo:Seed", "true");

    /// <summary>The keys the demo printed, once seeding is done (it runs after the host started listening; about half a minute on a quiet machine, far longer on a loaded one).</summary>
    public Task<DemoKeys.Issued> SeededAsync() =>
        Services.GetRequiredService<DemoKeys>().Seeded.WaitAsync(TimeSpan.FromMinutes(15), TestContext.Current.CancellationToken);
}
