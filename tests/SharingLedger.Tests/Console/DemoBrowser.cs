using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using SharingLedger.Demo;
using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.WebConsole;

/// <summary>The service as <c>scripts/run</c> starts it (<c>Demo:Seed=true</c>) on a database of its own, today 2026-11-27.</summary>
/// <remarks>
/// Each test class that takes this fixture gets an instance of its own, and the classes run side by side: each instance has a
/// database of its own name, since a shared name was dropped (<c>WITH (FORCE)</c>) and created again by the second instance under
/// the first one's running test (a page answered 500, "relation ledger.mt_doc_apikey does not exist").
/// </remarks>
public sealed class DemoBrowser(LedgerHost ledger) : ConsoleBrowser(ledger)
{
    protected override string Database { get; } = $"console_demo_{Guid.NewGuid():N}"[..24];

    protected override void Configure(IWebHostBuilder builder) => builder.UseSetting("Demo:Seed", "true");

    /// <summary>The keys the demo printed, once seeding is done (it runs after the host started listening; about half a minute on a quiet machine, far longer on a loaded one).</summary>
    public Task<DemoKeys.Issued> SeededAsync() =>
        Services.GetRequiredService<DemoKeys>().Seeded.WaitAsync(TimeSpan.FromMinutes(15), TestContext.Current.CancellationToken);
}
