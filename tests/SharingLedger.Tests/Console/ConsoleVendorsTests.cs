using Microsoft.Playwright;
using static SharingLedger.Tests.WebConsole.ConsolePages;

namespace SharingLedger.Tests.WebConsole;

/// <summary>
/// What the consortium owes its vendors, on a page of its own. The world's CNKI database is invoiced at CNY 1,000.00 and not paid.
/// Elsevier invoices USD 150.00 at 7.2 (booked CNY 1,080.00); USD 100.00 of it is paid at 7.3: CNY 720.00 of the invoice relieved
/// (100.00 × 7.2), CNY 10.00 of exchange difference (100.00 × 7.3 − 720.00), USD 50.00 (CNY 360.00) still open. Owed: CNKI 1,000.00,
/// Elsevier 360.00, in all CNY 1,360.00.
/// </summary>
public sealed partial class ConsoleJourneyTests
{
    [Fact]
    public async Task Finance_and_the_auditor_see_what_is_owed_to_each_vendor_invoice_by_invoice()
    {
        var w = await ConsoleWorld.CreateAsync(browser);
        var sciencedirect = (await browser.PostAsync($"/consortia/{w.Consortium}/subscriptions", new
        {
            vendor = "Elsevier", resource = "ScienceDirect", termStart = "2026-01-01", termEnd = "2026-12-31",
            price = new { amount = "150.00", currency = "USD" }, participants = new[] { new { memberId = w.Alpha }, new { memberId = w.Beta } },
            sharingTerm = "databases",
        })).GetProperty("id").GetGuid();
        await browser.PostAsync($"/consortia/{w.Consortium}/subscriptions/{sciencedirect}/invoices", new
        {
            invoiceNumber = "ELS-2026-7", invoiceDate = "2026-02-10", amount = new { amount = "150.00", currency = "USD" }, rateToBase = 7.2m,
        });
        await browser.PostAsync($"/consortia/{w.Consortium}/vendor-payments", new
        {
            vendor = "Elsevier", amount = new { amount = "100.00", currency = "USD" }, rateToBase = 7.3m, bankReference = "W-100", paidOn = "2026-11-27",
            allocations = new[] { new { invoiceNumber = "ELS-2026-7", amount = new { amount = "100.00", currency = "USD" } } },
        });

        var page = await browser.NewPageAsync();
        await SignInAsync(page, w.FinanceKey);
        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Vendors" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("owed")).ToHaveTextAsync("CNY 1,360.00");
        var elsevier = page.GetByRole(AriaRole.Region, new() { Name = "Elsevier" });
        await Assertions.Expect(elsevier.GetByTestId("vendor-owed")).ToHaveTextAsync("CNY 360.00");
        var invoice = elsevier.GetByRole(AriaRole.Row).Filter(new() { HasText = "ELS-2026-7" });
        foreach (var figure in new[] { "ScienceDirect term 1", "10 Feb 2026", "USD 150.00 × 7.2", "CNY 1,080.00", "USD 100.00", "CNY 10.00" })
            await Assertions.Expect(invoice).ToContainTextAsync(figure);
        await Assertions.Expect(invoice.GetByTestId("open")).ToHaveTextAsync("USD 50.00 (CNY 360.00)");
        var cnki = page.GetByRole(AriaRole.Region, new() { Name = "CNKI" });
        await Assertions.Expect(cnki.GetByTestId("vendor-owed")).ToHaveTextAsync("CNY 1,000.00");
        await Assertions.Expect(cnki.GetByRole(AriaRole.Row).Filter(new() { HasText = "CNKI-2026-01" }).GetByTestId("open")).ToHaveTextAsync("CNY 1,000.00");
        await VisitedAsync(page, browser, "en-finance-vendors");

        var auditor = await browser.NewPageAsync("zh-CN");
        await SignInAsync(auditor, w.AuditorKey);
        await auditor.GotoAsync("/vendors");
        await Assertions.Expect(auditor.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("供应商");
        await Assertions.Expect(auditor.GetByTestId("owed")).ToContainTextAsync("1,360.00");
        await VisitedAsync(auditor, browser, "zh-auditor-vendors");

        var member = await browser.NewPageAsync();
        await SignInAsync(member, w.AlphaKey);
        await member.GotoAsync("/vendors");
        Assert.Contains("/forbidden", member.Url);
    }
}
