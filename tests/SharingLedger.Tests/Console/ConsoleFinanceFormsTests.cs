using Microsoft.Playwright;
using static SharingLedger.Tests.WebConsole.ConsolePages;

namespace SharingLedger.Tests.WebConsole;

/// <summary>
/// The finance officer's forms and reports through the pages only: a foreign-currency vendor invoice with its rate, a credit
/// note, a mid-term leave, the reconciliation and the downloads. Expected figures follow from the inputs: a USD 150.00 invoice
/// at 7.2 is CNY 1,080.00, split equally between ALPHA and BETA (540.00 each).
/// </summary>
public sealed partial class ConsoleJourneyTests
{
    [Fact]
    public async Task A_finance_officer_records_a_foreign_invoice_with_its_rate_and_sees_each_members_share_explained()
    {
        var w = await ConsoleWorld.CreateAsync(browser);
        await browser.PostAsync($"/consortia/{w.Consortium}/subscriptions", new
        {
            vendor = "Elsevier", resource = "ScienceDirect", termStart = "2026-01-01", termEnd = "2026-12-31",
            price = new { amount = "150.00", currency = "USD" }, participants = new[] { new { memberId = w.Alpha }, new { memberId = w.Beta } },
            sharingTerm = "databases",
        });
        var page = await browser.NewPageAsync();
        await SignInAsync(page, w.FinanceKey);
        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Vendor invoice" }).ClickAsync();
        await page.GetByLabel("Subscription").SelectOptionAsync(new SelectOptionValue { Label = "ScienceDirect · Elsevier · Term 1 (1 Jan 2026 – 31 Dec 2026)" });
        await page.GetByLabel("Invoice number").FillAsync("ELS-2026-7");
        await page.GetByLabel("Invoice date").FillAsync("2026-02-10");
        await page.GetByLabel("Amount invoiced").FillAsync("150.00");
        await page.GetByLabel("Currency").FillAsync("USD");
        // A dollar invoice without its rate: the API's message shows beside the rate, and nothing is recorded.
        await page.GetByRole(AriaRole.Button, new() { Name = "Record the invoice" }).ClickAsync();
        var rate = page.GetByLabel("Rate to CNY");
        await Assertions.Expect(rate).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page.Locator("#rate-to-base-error")).ToContainTextAsync("USD");
        await Assertions.Expect(page.GetByLabel("Invoice number")).ToHaveAttributeAsync("aria-invalid", "false");
        await VisitedAsync(page, browser, "en-finance-invoice-errors");

        await rate.FillAsync("7.2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record the invoice" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("recorded")).ToContainTextAsync("ScienceDirect");

        await page.GotoAsync("/subscriptions");
        var shares = page.GetByRole(AriaRole.Table, new() { Name = "Each member's share, explained: ScienceDirect" });
        await Assertions.Expect(shares.GetByRole(AriaRole.Row).Filter(new() { HasText = "ALPHA" })).ToContainTextAsync("CNY 540.00");
        await Assertions.Expect(shares.GetByRole(AriaRole.Row).Filter(new() { HasText = "BETA" })).ToContainTextAsync("CNY 540.00");

        await page.GotoAsync("/reconciliation?year=2026");
        var line = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "ScienceDirect" });
        await Assertions.Expect(line).ToContainTextAsync("USD 150.00 × 7.2 = CNY 1,080.00");
        await Assertions.Expect(page.GetByTestId("invoiced")).ToHaveTextAsync("CNY 2,080.00"); // with the CNY 1,000.00 database
        await VisitedAsync(page, browser, "en-finance-reconciliation");
    }

    [Fact]
    public async Task A_finance_officer_issues_a_credit_note_against_an_open_item_and_records_a_member_leaving_mid_term()
    {
        var w = await ConsoleWorld.CreateAsync(browser);
        var page = await browser.NewPageAsync();
        await SignInAsync(page, w.FinanceKey);
        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Credit note" }).ClickAsync();
        await page.Locator("#member-choice").SelectOptionAsync(new SelectOptionValue { Label = $"ALPHA · {ConsoleWorld.AlphaName}" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Show its open items" }).ClickAsync();
        // Two open items: the dues (600.00) and the database share (500.00).
        await Assertions.Expect(page.Locator("#item-id option")).ToHaveCountAsync(3);
        await page.Locator("#member-id").SelectOptionAsync(new SelectOptionValue { Label = $"ALPHA · {ConsoleWorld.AlphaName}" });
        await page.GetByLabel("Amount (CNY)").FillAsync("100.00");
        await page.GetByRole(AriaRole.Button, new() { Name = "Issue a credit note" }).ClickAsync(); // no reason: said beside the field
        await Assertions.Expect(page.GetByLabel("Reason")).ToHaveAttributeAsync("aria-invalid", "true");
        await page.GetByLabel("Reason").FillAsync("Two weeks without access to the database");
        await page.GetByRole(AriaRole.Button, new() { Name = "Issue a credit note" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("recorded")).ToContainTextAsync("ALPHA");
        await page.GotoAsync($"/members/{w.Alpha}/statement");
        await Assertions.Expect(page.GetByTestId("balance-due")).ToHaveTextAsync("CNY 1,000.00");

        await page.GotoAsync("/participants");
        var leave = page.Locator("form").Filter(new() { Has = page.GetByRole(AriaRole.Button, new() { Name = "Record the leave" }) });
        await leave.GetByLabel("Subscription").SelectOptionAsync(new SelectOptionValue { Label = "China Academic Journals · CNKI · 1 Jan 2026 – 31 Dec 2026" });
        await leave.GetByLabel("Member").SelectOptionAsync(new SelectOptionValue { Label = $"BETA · {ConsoleWorld.BetaName}" });
        await leave.GetByLabel("Leaves from").FillAsync("2027-03-01"); // after the term: the API's message beside the date
        await leave.GetByRole(AriaRole.Button, new() { Name = "Record the leave" }).ClickAsync();
        await Assertions.Expect(page.Locator("#leave-on")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page.Locator("#leave-on-error")).Not.ToBeEmptyAsync();
        await VisitedAsync(page, browser, "en-finance-participants-errors");
        leave = page.Locator("form").Filter(new() { Has = page.GetByRole(AriaRole.Button, new() { Name = "Record the leave" }) });
        await leave.GetByLabel("Leaves from").FillAsync("2026-07-01");
        await leave.GetByRole(AriaRole.Button, new() { Name = "Record the leave" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("recorded")).ToContainTextAsync("BETA");
        // BETA took part 181 of the year's 365 days: its share is less than half of the 1,000.00 now.
        await page.GotoAsync("/subscriptions");
        var shares = page.GetByRole(AriaRole.Table, new() { Name = "Each member's share, explained: China Academic Journals" });
        await Assertions.Expect(shares.GetByRole(AriaRole.Row).Filter(new() { HasText = "BETA" })).ToContainTextAsync("181");
    }

    [Fact]
    public async Task Downloads_are_the_apis_files_through_the_session_and_a_member_gets_only_its_own_statement()
    {
        var w = await ConsoleWorld.CreateAsync(browser);
        var finance = await browser.NewPageAsync();
        await SignInAsync(finance, w.FinanceKey);
        await finance.GotoAsync("/downloads");
        await VisitedAsync(finance, browser, "en-finance-downloads");
        // Asked for compressed, a download read with the console's cookie still comes plain (docs/decisions.md, BREACH).
        var csv = await finance.APIRequest.GetAsync("/downloads/balances.csv?asOf=2026-11-27",
            new() { Headers = new Dictionary<string, string> { ["Accept-Encoding"] = "gzip, br" } });
        Assert.Equal(200, csv.Status);
        Assert.StartsWith("text/csv", csv.Headers["content-type"]);
        Assert.False(csv.Headers.ContainsKey("content-encoding"), csv.Headers.GetValueOrDefault("content-encoding"));
        Assert.Contains("ALPHA", await csv.TextAsync());
        var xlsx = await finance.APIRequest.GetAsync("/downloads/postings.xlsx");
        Assert.Equal(200, xlsx.Status);
        Assert.Equal("PK", System.Text.Encoding.ASCII.GetString((await xlsx.BodyAsync())[..2])); // a zip: the XLSX container
        var reconciliation = await finance.APIRequest.GetAsync("/downloads/reconciliation.csv?fiscalYear=2026"); // written by the API as it goes
        Assert.Equal(200, reconciliation.Status);
        Assert.Contains("reconciliation-2026.csv", reconciliation.Headers["content-disposition"]);
        Assert.StartsWith("kind,source_id,description,", await reconciliation.TextAsync());

        var member = await browser.NewPageAsync();
        await SignInAsync(member, w.AlphaKey);
        Assert.Equal(200, (await member.APIRequest.GetAsync($"/downloads/statement.csv?member={w.Alpha}")).Status);
        Assert.Equal(404, (await member.APIRequest.GetAsync($"/downloads/statement.csv?member={w.Beta}")).Status);
        var staffOnly = await member.APIRequest.GetAsync("/downloads/balances.csv");
        Assert.Contains("/forbidden", staffOnly.Url);
    }
}
