using Microsoft.Playwright;
using static SharingLedger.Tests.WebConsole.ConsolePages;

namespace SharingLedger.Tests.WebConsole;

/// <summary>
/// One bank transfer paying several of a vendor's invoices, from the vendors page. CNKI has the world's "China Academic Journals"
/// (CNKI-2026-01, CNY 1,000.00), "Doctoral Dissertations" (CNKI-2026-02, CNY 600.00) and "Overseas Journals" (CNKI-2026-03, USD 100.00
/// at 7.2, booked CNY 720.00): CNY 2,320.00 owed. A transfer of CNY 1,400.00: 1,000.00 to the first, 400.00 to the second. Left open:
/// CNY 200.00 of the second and the USD invoice; owed to CNKI 200.00 + 720.00 = CNY 920.00.
/// </summary>
public sealed partial class ConsoleJourneyTests
{
    [Fact]
    public async Task Finance_pays_two_of_a_vendors_invoices_with_one_transfer_each_part_checked_beside_its_invoice()
    {
        var w = await ConsoleWorld.CreateAsync(browser);
        foreach (var (resource, number, amount, currency, rate) in new[]
                 { ("Doctoral Dissertations", "CNKI-2026-02", "600.00", "CNY", (decimal?)null), ("Overseas Journals", "CNKI-2026-03", "100.00", "USD", 7.2m) })
        {
            var id = (await browser.PostAsync($"/consortia/{w.Consortium}/subscriptions", new
            {
                vendor = "CNKI", resource, termStart = "2026-01-01", termEnd = "2026-12-31", price = new { amount, currency },
                participants = new[] { new { memberId = w.Alpha }, new { memberId = w.Beta } }, sharingTerm = "databases",
            })).GetProperty("id").GetGuid();
            await browser.PostAsync($"/consortia/{w.Consortium}/subscriptions/{id}/invoices", new
            {
                invoiceNumber = number, invoiceDate = "2026-02-10", amount = new { amount, currency }, rateToBase = rate,
            });
        }
        var page = await browser.NewPageAsync();
        await SignInAsync(page, w.FinanceKey);
        await page.GotoAsync("/vendors");
        var cnki = page.GetByRole(AriaRole.Region, new() { Name = "CNKI" });
        await Assertions.Expect(cnki.GetByTestId("vendor-owed")).ToHaveTextAsync("CNY 2,320.00");
        await cnki.GetByRole(AriaRole.Link, new() { Name = "Pay several invoices in one transfer: CNKI" }).ClickAsync();

        // The base currency's open invoices; the USD one is a transfer of its own.
        await Assertions.Expect(page.GetByTestId("transfer-invoice")).ToHaveCountAsync(2);
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "USD", Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByLabel("Rate to CNY")).ToHaveCountAsync(0);

        // A part larger than what is open on its invoice: said beside that invoice's part, nothing recorded.
        await page.GetByLabel("CNKI-2026-01").FillAsync("1000.00");
        await page.GetByLabel("CNKI-2026-02").FillAsync("700.00");
        await page.GetByLabel("Amount (CNY)").FillAsync("1700.00");
        await page.GetByLabel("Paid on").FillAsync("2026-11-27");
        await page.GetByLabel("Bank reference").FillAsync("T-2026-11");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record the transfer" }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("CNKI-2026-02")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page.GetByLabel("CNKI-2026-01")).ToHaveAttributeAsync("aria-invalid", "false");
        await Assertions.Expect(page.Locator("#part1-error")).ToContainTextAsync("of invoice CNKI-2026-02 is open");
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Nothing was recorded.");
        await VisitedAsync(page, browser, "en-finance-vendor-transfer-errors");

        // Parts that do not add up to the transfer: said above the invoices; the parts typed are kept.
        await Assertions.Expect(page.GetByLabel("CNKI-2026-01")).ToHaveValueAsync("1000.00");
        await page.GetByLabel("CNKI-2026-02").FillAsync("500.00");
        await page.GetByLabel("Amount (CNY)").FillAsync("1400.00");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record the transfer" }).ClickAsync();
        await Assertions.Expect(page.Locator("#parts-error")).ToContainTextAsync("The parts add up to");

        await page.GetByLabel("CNKI-2026-02").FillAsync("400.00");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record the transfer" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("recorded")).ToContainTextAsync("CNKI-2026-01, CNKI-2026-02");
        // Paid in full, the first is no longer offered; the second has CNY 200.00 open.
        await Assertions.Expect(page.GetByTestId("transfer-invoice")).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByTestId("transfer-invoice")).ToContainTextAsync("CNY 200.00");

        await page.GotoAsync("/vendors");
        cnki = page.GetByRole(AriaRole.Region, new() { Name = "CNKI" });
        await Assertions.Expect(cnki.GetByTestId("vendor-owed")).ToHaveTextAsync("CNY 920.00");
        await Assertions.Expect(cnki.GetByRole(AriaRole.Row).Filter(new() { HasText = "CNKI-2026-01" }).GetByTestId("open")).ToHaveTextAsync("CNY 0.00");
        await Assertions.Expect(cnki.GetByRole(AriaRole.Row).Filter(new() { HasText = "CNKI-2026-02" }).GetByTestId("open")).ToHaveTextAsync("CNY 200.00");
        // One open invoice in each currency now: no transfer across several is offered.
        await Assertions.Expect(cnki.GetByRole(AriaRole.Link, new() { Name = "Pay several invoices in one transfer: CNKI" })).ToHaveCountAsync(0);

        var zh = await browser.NewPageAsync("zh-CN");
        await SignInAsync(zh, w.FinanceKey);
        await zh.GotoAsync("/vendors/transfer?vendor=CNKI&currency=USD");
        await Assertions.Expect(zh.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("一笔转账支付多张发票");
        await Assertions.Expect(zh.GetByLabel("Rate to CNY")).ToHaveCountAsync(0); // the label is in Chinese
        await Assertions.Expect(zh.GetByTestId("transfer-invoice")).ToContainTextAsync("CNKI-2026-03");
        await VisitedAsync(zh, browser, "zh-finance-vendor-transfer");
        Assert.Equal(404, (await zh.GotoAsync("/vendors/transfer?vendor=Nobody"))!.Status);

        var auditor = await browser.NewPageAsync();
        await SignInAsync(auditor, w.AuditorKey);
        await auditor.GotoAsync("/vendors/transfer?vendor=CNKI");
        Assert.Contains("/forbidden", auditor.Url);
    }
}
