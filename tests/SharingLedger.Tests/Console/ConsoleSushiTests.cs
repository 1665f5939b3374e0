using System.Net;
using Microsoft.Playwright;
using SharingLedger.Tests.Subscriptions.Sushi;
using static SharingLedger.Tests.WebConsole.ConsolePages;

namespace SharingLedger.Tests.WebConsole;

/// <summary>
/// Usage harvesting from the pages: a finance officer connects a subscription to a vendor's SUSHI server (a real one on a
/// loopback port, <see cref="LocalSushiServer"/>), harvests two months now and reads the harvest log; the secrets never show.
/// The vendor's title report has two rows a month (Controlled 100 + month and OA_Gold 10): January and February are two
/// usage records, 111 and 112.
/// </summary>
public sealed partial class ConsoleJourneyTests
{
    private const string SushiKey = "vendor-api-key-console-4d8e", SushiRequestor = "requestor-console-91ac";

    [Fact]
    public async Task A_finance_officer_connects_a_subscription_to_its_vendors_sushi_server_harvests_now_and_reads_the_log()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var vendor = new LocalSushiServer();
        await vendor.InitializeAsync();
        var w = await ConsoleWorld.CreateAsync(browser);
        await browser.PostAsync($"/consortia/{w.Consortium}/members/{w.Alpha}/identifiers", new { counterInstitutionIds = new[] { "sushi:111" } }, HttpStatusCode.OK);
        var subscription = (await browser.PostAsync($"/consortia/{w.Consortium}/subscriptions", new
        {
            vendor = "EBSCO", resource = "Academic Search Complete", termStart = "2026-01-01", termEnd = "2026-12-31",
            price = new { amount = "900.00", currency = "CNY" }, participants = new[] { new { memberId = w.Alpha }, new { memberId = w.Beta } },
            sharingTerm = "databases",
        })).GetProperty("id").GetGuid();

        var page = await browser.NewPageAsync();
        await SignInAsync(page, w.FinanceKey);
        await page.GotoAsync("/subscriptions");
        await page.GetByRole(AriaRole.Link, new() { Name = "Usage harvesting (SUSHI): Academic Search Complete" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("no-connection")).ToBeVisibleAsync();

        await page.GetByLabel("Server").FillAsync(vendor.BaseUrl);
        await page.GetByLabel("Customer id").FillAsync($"report-{Guid.NewGuid():N}");
        await page.GetByLabel("Report").SelectOptionAsync("tr");
        await page.GetByLabel("Requestor id").FillAsync(SushiRequestor);
        await page.GetByLabel("API key").FillAsync(SushiKey);
        await page.GetByLabel("Harvest day").FillAsync("31"); // the API allows 1–28: its message beside the field, nothing saved
        await page.GetByRole(AriaRole.Button, new() { Name = "Save the connection" }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("Harvest day")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page.GetByTestId("no-connection")).ToBeVisibleAsync();
        await VisitedAsync(page, browser, "en-finance-sushi-errors");

        await page.GetByLabel("Harvest day").FillAsync("5");
        await page.GetByLabel("Requestor id").FillAsync(SushiRequestor); // a password field is never sent back filled
        await page.GetByLabel("API key").FillAsync(SushiKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save the connection" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("recorded")).ToContainTextAsync("saved");
        var connection = page.GetByTestId("connection");
        await Assertions.Expect(connection).ToContainTextAsync("TR");
        await Assertions.Expect(connection.Locator("dt:has-text('API key') + dd")).ToHaveTextAsync("set");

        await page.GetByLabel("From month").FillAsync("2026-01");
        await page.GetByLabel("To month").FillAsync("2026-02");
        await page.GetByRole(AriaRole.Button, new() { Name = "Harvest now" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("recorded")).ToContainTextAsync("queued");

        // The harvest runs on the durable queue; the log shows it once it is done. Reloading does not queue another one.
        var status = page.GetByTestId("harvest-status").First;
        for (var i = 0; i < 120 && !(await status.InnerTextAsync()).Contains("imported", StringComparison.Ordinal); i++)
        {
            await Task.Delay(500, ct);
            await page.ReloadAsync();
        }
        await Assertions.Expect(status).ToHaveTextAsync("imported");
        await Assertions.Expect(page.GetByTestId("harvest")).ToHaveCountAsync(1);
        var row = page.GetByTestId("harvest").First;
        await Assertions.Expect(row).ToContainTextAsync("HTTP 200");
        await Assertions.Expect(row).ToContainTextAsync("recorded 2");
        await Assertions.Expect(row).ToContainTextAsync("January 2026 – February 2026");
        var html = await page.ContentAsync();
        Assert.DoesNotContain(SushiKey, html);
        Assert.DoesNotContain(SushiRequestor, html);
        await VisitedAsync(page, browser, "en-finance-sushi");

        // The usage landed on the subscription: January 111, February 112.
        var usage = System.Text.Json.JsonDocument.Parse(await browser.Api.GetStringAsync($"/consortia/{w.Consortium}/subscriptions/{subscription}", ct))
            .RootElement.GetProperty("usage").EnumerateArray()
            .ToDictionary(u => u.GetProperty("periodStart").GetString()!, u => u.GetProperty("count").GetInt64());
        Assert.Equal(new Dictionary<string, long> { ["2026-01-01"] = 111, ["2026-02-01"] = 112 }, usage);

        // The auditor reads the log in Chinese and has no form to act with.
        var auditor = await browser.NewPageAsync("zh-CN");
        await SignInAsync(auditor, w.AuditorKey);
        await auditor.GotoAsync($"/subscriptions/{subscription}/sushi");
        await Assertions.Expect(auditor.GetByTestId("harvest-status").First).ToHaveTextAsync("已导入");
        await Assertions.Expect(auditor.GetByRole(AriaRole.Button, new() { Name = "保存连接" })).ToHaveCountAsync(0);
        await Assertions.Expect(auditor.GetByRole(AriaRole.Button, new() { Name = "立即采集" })).ToHaveCountAsync(0);
        await VisitedAsync(auditor, browser, "zh-auditor-sushi");

        // Another consortium's subscription id is not found.
        await auditor.GotoAsync($"/subscriptions/{Guid.NewGuid()}/sushi");
        await Assertions.Expect(auditor.Locator("h1")).ToContainTextAsync("未找到");
    }
}
