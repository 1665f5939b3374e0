using System.Diagnostics;
using Microsoft.Playwright;
using static SharingLedger.Tests.WebConsole.ConsolePages;

namespace SharingLedger.Tests.WebConsole;

/// <summary>
/// The web console's journeys in a real browser (the Debian chromium) against the service on Kestrel, through the pages only.
/// Every figure expected here follows from <see cref="ConsoleWorld"/>'s inputs: dues 1,200.00 and a database of 1,000.00,
/// each split equally between two members.
/// </summary>
public sealed partial class ConsoleJourneyTests(ConsoleBrowser browser) : IClassFixture<ConsoleBrowser>
{
    [Fact]
    public async Task A_member_library_sees_its_obligations_explained_and_its_statement_but_never_another_members_page()
    {
        var w = await ConsoleWorld.CreateAsync(browser);
        var page = await browser.NewPageAsync();
        await SignInAsync(page, w.AlphaKey);

        Assert.EndsWith($"/members/{w.Alpha}/obligations", page.Url);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(ConsoleWorld.AlphaName);
        await Assertions.Expect(page.GetByTestId("obligations-total")).ToHaveTextAsync("CNY 1,100.00");
        var dues = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "CNY 600.00" });
        await Assertions.Expect(dues).ToHaveCountAsync(1);
        await Assertions.Expect(dues).ToContainTextAsync("Rounding");
        var share = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "CNY 500.00" });
        await Assertions.Expect(share).ToContainTextAsync("China Academic Journals");
        // The menu offers a member library its own pages only.
        var menu = page.GetByRole(AriaRole.Navigation, new() { Name = "Main" });
        await Assertions.Expect(menu.GetByRole(AriaRole.Link)).ToHaveTextAsync(["Obligations", "Statement", "Loans", "Lending duties", "Procurement offers", "History", "Downloads"]);

        await menu.GetByRole(AriaRole.Link, new() { Name = "Statement" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("balance-due")).ToHaveTextAsync("CNY 1,100.00");

        var other = await page.GotoAsync($"/members/{w.Beta}/obligations");
        Assert.Equal(404, other!.Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Not found");
        Assert.DoesNotContain(ConsoleWorld.BetaName, await page.ContentAsync());
        Assert.Equal(404, (await page.GotoAsync($"/members/{w.Beta}/statement"))!.Status);
        var staffOnly = await page.GotoAsync("/balances");
        Assert.Equal(403, staffOnly!.Status);
    }

    [Fact]
    public async Task The_council_auditor_reads_the_ageing_closes_and_reopens_a_period_with_a_reason_and_verifies_the_chain()
    {
        var w = await ConsoleWorld.CreateAsync(browser);
        var page = await browser.NewPageAsync();
        await SignInAsync(page, w.AuditorKey);

        await page.GotoAsync("/balances?asOf=2026-11-27");
        await Assertions.Expect(page.GetByTestId("total-outstanding")).ToHaveTextAsync("CNY 2,200.00");
        var chart = page.Locator("svg#ageing-chart");
        await Assertions.Expect(chart).ToHaveAttributeAsync("role", "img");
        await Assertions.Expect(chart.Locator("title")).ToContainTextAsync("Outstanding by age");
        await Assertions.Expect(chart.Locator("desc")).ToContainTextAsync("ALPHA CNY 1,100.00");
        await Assertions.Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "ALPHA" })).ToContainTextAsync("CNY 1,100.00");

        await page.GetByRole(AriaRole.Link, new() { Name = "Periods" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Close 2026-10" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("status-2026-10")).ToHaveTextAsync("closed");

        // Reopening needs a reason: the API's message shows beside the field, and nothing is recorded.
        await page.GetByRole(AriaRole.Button, new() { Name = "Reopen 2026-10" }).ClickAsync();
        var reason = page.GetByLabel("Reason for reopening 2026-10");
        await Assertions.Expect(reason).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page.Locator("#reason-2026-10-error")).ToHaveTextAsync("Required.");
        await Assertions.Expect(page.GetByTestId("status-2026-10")).ToHaveTextAsync("closed");

        await reason.FillAsync("A late invoice from October");
        await page.GetByRole(AriaRole.Button, new() { Name = "Reopen 2026-10" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("status-2026-10")).ToHaveTextAsync("open");
        await Assertions.Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "2026-10" })).ToContainTextAsync("A late invoice from October");

        await page.GetByRole(AriaRole.Link, new() { Name = "Chain verification" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify the chain now" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("chain-state")).ToHaveTextAsync("intact");
    }

    [Fact]
    public async Task A_finance_officer_sees_the_year_the_shares_explained_and_records_a_payment_with_each_error_beside_its_field()
    {
        var w = await ConsoleWorld.CreateAsync(browser);
        var page = await browser.NewPageAsync();
        await SignInAsync(page, w.FinanceKey);

        Assert.EndsWith("/finance", page.Url);
        await Assertions.Expect(page.GetByTestId("invoiced")).ToHaveTextAsync("CNY 1,000.00");
        await Assertions.Expect(page.GetByTestId("outstanding")).ToHaveTextAsync("CNY 2,200.00");

        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Subscriptions" }).ClickAsync();
        var shares = page.GetByRole(AriaRole.Table, new() { Name = "Each member's share, explained: China Academic Journals" });
        await Assertions.Expect(shares.GetByRole(AriaRole.Row).Filter(new() { HasText = "ALPHA" })).ToContainTextAsync("CNY 500.00");
        await Assertions.Expect(shares).ToContainTextAsync("Share of the cost");
        await Assertions.Expect(page.Locator("svg.chart title").First).ToContainTextAsync("How the cost is split");

        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Record a payment" }).ClickAsync();
        await page.GetByLabel("Member").SelectOptionAsync(new SelectOptionValue { Label = $"ALPHA · {ConsoleWorld.AlphaName}" });
        await page.GetByLabel("Received on").FillAsync("2026-11-20");
        await page.GetByLabel("Bank reference").FillAsync("ICBC-20261120-01");
        // More decimals than the yuan has: the API refuses it, and says so beside the amount.
        await page.GetByLabel("Amount (CNY)").FillAsync("250.005");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record the payment" }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("Amount (CNY)")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page.Locator("#amount-error")).ToBeVisibleAsync();
        Assert.False(string.IsNullOrWhiteSpace(await page.Locator("#amount-error").TextContentAsync()));
        await Assertions.Expect(page.GetByLabel("Bank reference")).ToHaveAttributeAsync("aria-invalid", "false");

        await page.GetByLabel("Amount (CNY)").FillAsync("250.00");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record the payment" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("recorded")).ToContainTextAsync("ALPHA");

        await page.GotoAsync($"/members/{w.Alpha}/statement");
        await Assertions.Expect(page.GetByTestId("balance-due")).ToHaveTextAsync("CNY 850.00");
    }

    [Fact]
    public async Task Signing_out_ends_the_session()
    {
        var w = await ConsoleWorld.CreateAsync(browser);
        var page = await browser.NewPageAsync();
        await SignInAsync(page, w.FinanceKey);
        Assert.EndsWith("/finance", page.Url);
        var cookie = (await page.Context.CookiesAsync()).Single(c => c.Name == "ledger-console");
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        Assert.Contains("/sign-in", page.Url);
        Assert.DoesNotContain(await page.Context.CookiesAsync(), c => c.Name == "ledger-console");
        await page.GotoAsync("/finance");
        Assert.Contains("/sign-in", page.Url);

        // A cookie never authorizes the API: with only the console's cookie, the API answers 401.
        var api = await page.APIRequest.GetAsync($"/consortia/{w.Consortium}/balances");
        Assert.Equal(401, api.Status);
    }

    [Fact]
    public async Task The_statement_prints_to_an_A4_pdf_naming_the_member_and_the_balance_due()
    {
        var w = await ConsoleWorld.CreateAsync(browser);
        var page = await browser.NewPageAsync();
        await SignInAsync(page, w.AlphaKey);
        await page.GotoAsync($"/members/{w.Alpha}/statement");
        var pdf = Path.Combine(browser.Artefacts, "statement-en.pdf");
        await page.PdfAsync(new PagePdfOptions { Path = pdf, Format = "A4", PrintBackground = true });

        var text = await PdfTextAsync(pdf);
        Assert.Contains(ConsoleWorld.AlphaName, text);
        Assert.Contains(w.ConsortiumName, text);
        Assert.Matches(@"Balance due\s+CNY 1,100\.00", text);
        Assert.DoesNotContain("Sign out", text); // the print stylesheet leaves the navigation out
    }

    /// <summary>
    /// Dues for 2027 (CNY 1,200.00 split equally: 600.00 each, dated 2027-01-01) are assessed on the test clock's day, 2026-11-27.
    /// Unless a date is asked, the statement page is as of the consortium's today, as the API's statement and the balances are:
    /// ALPHA still owes 1,100.00; as of 2027-01-31 it owes 1,100.00 + 600.00 = 1,700.00.
    /// </summary>
    [Fact]
    public async Task The_statement_page_is_as_of_the_consortiums_today_unless_a_date_is_asked()
    {
        var w = await ConsoleWorld.CreateAsync(browser);
        await browser.PostAsync($"/consortia/{w.Consortium}/dues", new { fiscalYear = 2027 });
        var page = await browser.NewPageAsync();
        await SignInAsync(page, w.AlphaKey);

        await page.GotoAsync($"/members/{w.Alpha}/statement");
        await Assertions.Expect(page.GetByTestId("balance-due")).ToHaveTextAsync("CNY 1,100.00");
        await page.GotoAsync($"/members/{w.Alpha}/statement?asOf=2027-01-31");
        await Assertions.Expect(page.GetByTestId("balance-due")).ToHaveTextAsync("CNY 1,700.00");
    }

    [Fact]
    public async Task Every_page_in_both_languages_passes_axe_and_is_kept_as_a_screenshot()
    {
        var w = await ConsoleWorld.CreateAsync(browser);
        foreach (var (locale, tag) in new[] { ("en-GB", "en"), ("zh-CN", "zh") })
        {
            var anonymous = await browser.NewPageAsync(locale);
            await anonymous.GotoAsync("/sign-in");
            await VisitedAsync(anonymous, browser, $"{tag}-sign-in");
            await anonymous.GetByLabel(tag == "en" ? "API key" : "API 密钥").FillAsync("not-a-key");
            await anonymous.GetByRole(AriaRole.Button, new() { Name = tag == "en" ? "Sign in" : "登录", Exact = true }).ClickAsync();
            await VisitedAsync(anonymous, browser, $"{tag}-sign-in-refused");

            var member = await browser.NewPageAsync(locale);
            await SignInAsync(member, w.AlphaKey);
            foreach (var (path, name) in new[] { ($"/members/{w.Alpha}/obligations", "member-obligations"), ($"/members/{w.Alpha}/statement", "member-statement"),
                         ($"/members/{w.Beta}/obligations", "member-not-found"), ("/balances", "member-forbidden") })
            {
                await member.GotoAsync(path);
                await VisitedAsync(member, browser, $"{tag}-{name}");
            }

            // At phone width: the menu and the tables wrap or scroll inside the page, and stay accessible.
            await member.SetViewportSizeAsync(390, 844);
            await member.GotoAsync($"/members/{w.Alpha}/obligations");
            await VisitedAsync(member, browser, $"{tag}-member-obligations-phone");
            await member.SetViewportSizeAsync(1280, 900);

            var finance = await browser.NewPageAsync(locale);
            await SignInAsync(finance, w.FinanceKey);
            foreach (var path in new[] { "/finance", "/members", "/subscriptions", "/payments/new", "/balances", "/periods" })
            {
                await finance.GotoAsync(path);
                await VisitedAsync(finance, browser, $"{tag}-finance-{path.Trim('/').Replace('/', '-')}");
            }
            await finance.GotoAsync("/payments/new");
            await finance.GetByRole(AriaRole.Button, new() { Name = tag == "en" ? "Record the payment" : "记录此笔付款" }).ClickAsync(); // empty form: every field's message
            await VisitedAsync(finance, browser, $"{tag}-finance-payment-errors");

            var auditor = await browser.NewPageAsync(locale);
            await SignInAsync(auditor, w.AuditorKey);
            foreach (var path in new[] { "/balances", "/periods", "/verification" })
            {
                await auditor.GotoAsync(path);
                await VisitedAsync(auditor, browser, $"{tag}-auditor-{path.Trim('/')}");
            }
            await auditor.GetByRole(AriaRole.Button, new() { Name = tag == "en" ? "Verify the chain now" : "立即校验哈希链" }).ClickAsync();
            await VisitedAsync(auditor, browser, $"{tag}-auditor-verification-result");

            // The language and its formats: Chinese dates, and amounts with their code either way.
            await member.GotoAsync($"/members/{w.Alpha}/statement?asOf=2026-11-27");
            Assert.Equal(tag == "en" ? "en" : "zh-CN", await member.Locator("html").GetAttributeAsync("lang"));
            await Assertions.Expect(member.GetByTestId("balance-due")).ToHaveTextAsync("CNY 1,100.00");
            await Assertions.Expect(member.Locator("dl.facts").First).ToContainTextAsync(tag == "en" ? "27 Nov 2026" : "2026年11月27日");
        }

        // The switch overrides the browser's language, and keeps to it.
        var switched = await browser.NewPageAsync("en-GB");
        await switched.GotoAsync("/sign-in");
        await switched.GetByRole(AriaRole.Button, new() { Name = "中文" }).ClickAsync();
        await Assertions.Expect(switched.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("登录");
        await SignInAsync(switched, w.AlphaKey);
        await Assertions.Expect(switched.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("应付款项");
    }

    /// <summary>
    /// The PDF's text through poppler's pdftotext (Debian poppler-utils, installed by scripts/test like chromium): Chromium writes
    /// compressed streams with subset fonts, which a test should not decode by hand.
    /// </summary>
    private static async Task<string> PdfTextAsync(string pdf)
    {
        const string tool = "/usr/bin/pdftotext";
        Assert.True(File.Exists(tool), $"{tool} is missing: scripts/test installs poppler-utils with apt-get.");
        using var process = Process.Start(new ProcessStartInfo(tool, ["-layout", pdf, "-"]) { RedirectStandardOutput = true })!;
        var text = await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.Equal(0, process.ExitCode);
        return text;
    }
}
