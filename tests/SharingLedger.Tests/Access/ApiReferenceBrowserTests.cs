using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Playwright;
using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Access;

/// <summary>
/// The interactive reference as a person meets it: <c>/scalar</c> of a Development host on Kestrel, opened in headless
/// Chromium with no key, an API key typed into its authentication panel and a call sent from its request window. The
/// page keeps to its content security policy, and the browser asks nothing of any host but the service.
/// </summary>
public sealed class ApiReferenceBrowserTests(LedgerHost ledger)
{
    [Fact]
    public async Task A_person_opens_the_reference_without_a_key_types_one_and_gets_an_answer_from_the_service()
    {
        var connection = await BrowserHost.FreshDatabaseAsync(ledger.ConnectionString, "reference_browser");
        var port = BrowserHost.FreePort();
        await using var factory = BrowserHost.StartOnKestrel(connection, port, b =>
        {
            b.UseSetting("Projections:DaemonMode", "Disabled");
            b.UseEnvironment("Development");
        });
        var service = $"http://127.0.0.1:{port}";

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BrowserHost.LaunchChromiumAsync(playwright);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
        page.SetDefaultTimeout(120_000); // waits, not timings: a Development host compiles its endpoints at their first request
        var elsewhere = new List<string>();
        var refused = new List<string>();
        page.Request += (_, r) => { if (!r.Url.StartsWith(service + "/", StringComparison.Ordinal) && !r.Url.StartsWith("data:")) elsewhere.Add(r.Url); };
        page.Console += (_, m) => { if (m.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)) refused.Add(m.Text); };

        var opened = await page.GotoAsync($"{service}/scalar/v1");
        Assert.Equal(200, opened!.Status);
        var policy = await opened.HeaderValueAsync("content-security-policy");
        Assert.NotNull(policy);
        Assert.Contains("default-src 'self'", policy);
        Assert.Contains("connect-src 'self'", policy);

        // The authentication panel has the API key (X-Api-Key) selected and offers a bearer token beside it; the person types the key.
        await page.GetByText("The consortia the caller may see").First.WaitForAsync();
        await Assertions.Expect(page.GetByText("X-Api-Key").First).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("Selected Auth Type: apiKey$") }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Option, new() { Name = "bearer" })).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("Escape");
        await page.GetByLabel("Value").First.FillAsync(LedgerHost.OperatorKey);

        // GET /consortia from the operation's request window: the service answers 200 to the key sent as X-Api-Key.
        await page.GetByText("The consortia the caller may see").First.ClickAsync();
        var sent = page.WaitForRequestAsync(r => r.Url == $"{service}/consortia" && r.Method == "GET");
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex(@"Test Request\s*\(get \/consortia\)") }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Send") }).First.ClickAsync();
        var request = await sent;
        Assert.Equal(LedgerHost.OperatorKey, await request.HeaderValueAsync("x-api-key"));
        var response = await request.ResponseAsync();
        Assert.Equal(200, response!.Status);
        await Assertions.Expect(page.GetByText("200 OK").First).ToBeVisibleAsync();

        Assert.True(elsewhere.Count == 0, "The reference asked other hosts: " + string.Join(", ", elsewhere.Distinct()));
        Assert.True(refused.Count == 0, "The page broke its content security policy: " + string.Join("\n", refused));
    }
}
