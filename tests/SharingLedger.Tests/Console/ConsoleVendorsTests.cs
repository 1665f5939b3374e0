using Microsoft.Playwright;
using static SharingLedger.Tests.WebConsole.ConsolePages;

namespace SharingLedger.Tests.WebConsole;

/// <summary>
/// What the consortium owes its vendors, on a page of its own, and a vendor invoice paid from it. The world's CNKI database is invoiced
/// at CNY 1,000.00 and not paid. Elsevier invoices USD 150.00 at 7.2 (booked CNY 1,080.00): CNY 2,080.00 owed. USD 100.00 of Elsevier's
/// is paid at 7.3 on the payment page: CNY 720.00 of the invoice relieved
/// (100.00 × 7.2), CNY 10.00 of exchange difference (100.00 × 7.3 − 720.00), USD 50.00 (CNY 360.00) still open. Owed: CNKI 1,000.00,
/// Elsevier 360.00, in all CNY 1,360.00.
/// </summary>
public sealed partial class ConsoleJourneyTests
{
    [Fact]
    public async Task Finance_and_the_auditor_see_what_is_owed_to_each_vendor_invoice_by_invoice_and_finance_pays_one()
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
        var page = await browser.NewPageAsync();
        await SignInAsync(page, w.FinanceKey);
        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Vendors" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("owed")).ToHaveTextAsync("CNY 2,080.00");

        // Finance pays USD 100.00 of Elsevier's invoice at 7.3 from the page.
        await page.GetByRole(AriaRole.Link, new() { Name = "Pay this invoice: ELS-2026-7" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Record the payment" }).ClickAsync(); // nothing filled in: said beside each field
        await Assertions.Expect(page.GetByLabel("Amount (USD)")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page.GetByLabel("Bank reference")).ToHaveAttributeAsync("aria-invalid", "true");
        await VisitedAsync(page, browser, "en-finance-vendor-payment-errors");
        await page.GetByLabel("Amount (USD)").FillAsync("100.00");
        await page.GetByLabel("Rate to CNY").FillAsync("7.3");
        await page.GetByLabel("Paid on").FillAsync("2026-11-27");
        await page.GetByLabel("Bank reference").FillAsync("W-100");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record the payment" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("recorded")).ToContainTextAsync("ELS-2026-7");
        await Assertions.Expect(page.GetByTestId("open")).ToHaveTextAsync("USD 50.00");
        await page.GetByRole(AriaRole.Link, new() { Name = "Back to vendors" }).ClickAsync();

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

        var zhFinance = await browser.NewPageAsync("zh-CN");
        await SignInAsync(zhFinance, w.FinanceKey);
        await zhFinance.GotoAsync("/vendors");
        await zhFinance.GetByRole(AriaRole.Link, new() { Name = "支付此发票: ELS-2026-7" }).ClickAsync();
        await Assertions.Expect(zhFinance.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("支付供应商发票");
        await VisitedAsync(zhFinance, browser, "zh-finance-vendor-payment");
        Assert.Equal(404, (await zhFinance.GotoAsync($"/vendors/pay?kind=subscription&sourceId={Guid.NewGuid()}&term=1"))!.Status);

        var member = await browser.NewPageAsync();
        await SignInAsync(member, w.AlphaKey);
        await member.GotoAsync("/vendors");
        Assert.Contains("/forbidden", member.Url);
    }

    /// <summary>
    /// A joint procurement's invoice is paid from the same page. Awarded to Zhonghua Book Company at CNY 2,400.00 and invoiced at that;
    /// CNY 400.00 paid (the base currency: no rate asked): CNY 2,000.00 still open, CNY 2,000.00 owed to that vendor.
    /// </summary>
    [Fact]
    public async Task Finance_pays_a_joint_procurements_invoice_from_the_vendors_page()
    {
        var w = await ConsoleWorld.CreateAsync(browser);
        var url = $"/consortia/{w.Consortium}/procurements";
        var books = (await browser.PostAsync(url, new
        {
            title = "Local gazetteers archive", subject = "Chinese history", estimatedCost = new { amount = "3000.00", currency = "CNY" },
            sharingTerm = "databases", commitmentDeadline = "2026-12-15", invitedMembers = new[] { w.Alpha, w.Beta },
        })).GetProperty("id").GetGuid();
        foreach (var m in new[] { w.Alpha, w.Beta })
            await browser.PostAsync($"{url}/{books}/commitments", new { memberId = m, decision = "commit" }, System.Net.HttpStatusCode.OK);
        await browser.PostAsync($"{url}/{books}/award", new { vendor = "Zhonghua Book Company", actualCost = new { amount = "2400.00", currency = "CNY" } },
            System.Net.HttpStatusCode.OK);
        await browser.PostAsync($"{url}/{books}/invoice", new
        {
            invoiceNumber = "ZH-88", invoiceDate = "2026-11-27", amount = new { amount = "2400.00", currency = "CNY" },
        }, System.Net.HttpStatusCode.OK);

        var page = await browser.NewPageAsync();
        await SignInAsync(page, w.FinanceKey);
        await page.GotoAsync("/vendors");
        await page.GetByRole(AriaRole.Link, new() { Name = "Pay this invoice: ZH-88" }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("Rate to CNY")).ToHaveCountAsync(0);
        await page.GetByLabel("Amount (CNY)").FillAsync("400.00");
        await page.GetByLabel("Paid on").FillAsync("2026-11-27");
        await page.GetByLabel("Bank reference").FillAsync("W-101");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record the payment" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("recorded")).ToContainTextAsync("ZH-88");
        await Assertions.Expect(page.GetByTestId("open")).ToHaveTextAsync("CNY 2,000.00");
        await page.GotoAsync("/vendors");
        await Assertions.Expect(page.GetByRole(AriaRole.Region, new() { Name = "Zhonghua Book Company" }).GetByTestId("vendor-owed")).ToHaveTextAsync("CNY 2,000.00");
    }
}
