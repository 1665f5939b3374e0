using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Playwright;
using NodaTime;
using NodaTime.Testing;
using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.WebConsole;

/// <summary>
/// The service on Kestrel on a free loopback port (a browser cannot reach Alba's in-memory server), on a database of its own
/// in the tests' embedded PostgreSQL cluster, and the Debian chromium driven by Playwright (never Playwright's own download).
/// Screenshots and PDFs go to <see cref="Artefacts"/> under the test output folder.
/// </summary>
public class ConsoleBrowser(LedgerHost ledger) : IAsyncLifetime
{
    private WebApplicationFactory<Program>? _factory;
    private IPlaywright? _playwright;

    public string BaseUrl { get; private set; } = "";
    public IBrowser Browser { get; private set; } = null!;
    public HttpClient Api { get; private set; } = null!;
    public FakeClock Clock { get; } = new(LedgerHost.Now);
    public string Artefacts { get; } = Path.Combine(AppContext.BaseDirectory, "console-artefacts");
    public IServiceProvider Services => _factory!.Services;

    /// <summary>
    /// The name this host's database starts with, in the tests' cluster; each instance adds a suffix of its own. Each test class that takes
    /// a fixture gets an instance of its own and the classes run side by side (DemoEveryPageTests and DemoYearTests both take
    /// <see cref="DemoBrowser"/>): with one name, the second instance dropped (<c>WITH (FORCE)</c>) and created again the first one's
    /// database under its running test (a page answered 500, "relation ledger.mt_doc_apikey does not exist").
    /// </summary>
    protected virtual string Database => "console_browser";

    /// <summary>Settings a derived host adds (after the common ones).</summary>
    protected virtual void Configure(IWebHostBuilder builder) { }

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(Artefacts);
        var connection = await BrowserHost.FreshDatabaseAsync(ledger.ConnectionString, $"{Database}_{Guid.NewGuid():N}"[..(Database.Length + 9)]);
        var port = BrowserHost.FreePort();
        _factory = BrowserHost.StartOnKestrel(connection, port, b =>
        {
            b.UseSetting("Limits:RequestsPerMinute", "100000");
            b.UseEnvironment("Testing");
            b.ConfigureServices(s => s.Replace(ServiceDescriptor.Singleton<NodaTime.IClock>(Clock)));
            Configure(b);
        });
        BaseUrl = $"http://127.0.0.1:{port}";
        Api = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        Api.DefaultRequestHeaders.Add("X-Api-Key", LedgerHost.OperatorKey);

        _playwright = await Playwright.CreateAsync();
        Browser = await BrowserHost.LaunchChromiumAsync(_playwright);
    }

    /// <summary>A new browser context (its own cookies) in a language: the browser's Accept-Language.</summary>
    public async Task<IPage> NewPageAsync(string locale = "en-GB")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl, Locale = locale, ExtraHTTPHeaders = new Dictionary<string, string> { ["Accept-Language"] = locale },
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        // Waits, not timings: on a loaded CI machine the first page of a fresh host can take longer than Playwright's 30 s
        // (Razor's first compile, Marten's first queries), and an assertion's retry window longer than its 5 s.
        context.SetDefaultTimeout(120_000);
        context.SetDefaultNavigationTimeout(120_000);
        Assertions.SetDefaultExpectTimeout(30_000);
        return await context.NewPageAsync();
    }

    public async Task<JsonElement> PostAsync(string url, object body, HttpStatusCode expected = HttpStatusCode.Created)
    {
        var response = await Api.PostAsJsonAsync(url, body, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == expected, $"POST {url}: {(int)response.StatusCode} {text}");
        return string.IsNullOrEmpty(text) ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        Api?.Dispose();
        if (_factory is not null) await _factory.DisposeAsync();
    }
}
