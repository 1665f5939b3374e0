using System.Net;
using Microsoft.Playwright;
using static SharingLedger.Tests.WebConsole.ConsolePages;

namespace SharingLedger.Tests.WebConsole;

/// <summary>
/// The auditor's restatement report says which costs a retroactive amendment left as finance decided them. The world's
/// version 2 (from 2026-01-01) adds a "books" term, equal with a floor of CNY 2,000.00 each; a CNY 3,000.00 procurement of
/// ALPHA and BETA under it cannot be split (the floors add up to 4,000.00), so finance decides ALPHA 2,000.00, BETA 1,000.00.
/// Version 3, retroactive from 2026-01-01, drops the floor: it governs the procurement but leaves the decision standing.
/// </summary>
public sealed partial class ConsoleJourneyTests
{
    private const string CouncilReason = "Council split the reprints 2:1";

    [Fact]
    public async Task The_auditor_reads_in_the_restatement_report_what_the_amendment_left_as_finance_decided()
    {
        var w = await ConsoleWorld.CreateAsync(browser);
        var c = w.Consortium;
        object Cny(string amount) => new { amount, currency = "CNY" };
        object Version(int version, bool retroactive, object books) => new
        {
            version, effectiveFrom = "2026-01-01", retroactive, signatories = new[] { w.Alpha, w.Beta },
            dues = new { annualAmount = Cny("1200.00"), rule = new { method = "equal" } },
            costSharing = new Dictionary<string, object> { ["databases"] = new { rule = new { method = "equal" } }, ["books"] = books },
        };
        await browser.PostAsync($"/consortia/{c}/agreement/versions", Version(2, false, new { rule = new { method = "equal" }, floor = Cny("2000.00") }));
        var p = (await browser.PostAsync($"/consortia/{c}/procurements", new
        {
            title = "Atlas reprints", subject = "Historical atlases", estimatedCost = Cny("3000.00"), sharingTerm = "books",
            commitmentDeadline = "2026-12-15", invitedMembers = new[] { w.Alpha, w.Beta },
        })).GetProperty("id").GetGuid();
        foreach (var m in new[] { w.Alpha, w.Beta })
            await browser.PostAsync($"/consortia/{c}/procurements/{p}/commitments", new { memberId = m, decision = "commit" }, HttpStatusCode.OK);
        await browser.PostAsync($"/consortia/{c}/procurements/{p}/award", new { vendor = "Acme", actualCost = Cny("3000.00") }, HttpStatusCode.OK);
        await browser.PostAsync($"/consortia/{c}/procurements/{p}/invoice", new { invoiceNumber = "AT-1", invoiceDate = "2026-11-27", amount = Cny("3000.00") }, HttpStatusCode.OK);
        await browser.PostAsync($"/consortia/{c}/procurements/{p}/split-decision", new
        {
            reason = CouncilReason, shares = new Dictionary<string, object> { [w.Alpha.ToString()] = Cny("2000.00"), [w.Beta.ToString()] = Cny("1000.00") },
        });
        await browser.PostAsync($"/consortia/{c}/agreement/versions", Version(3, true, new { rule = new { method = "equal" } }));

        foreach (var (locale, tag) in new[] { ("en-GB", "en"), ("zh-CN", "zh") })
        {
            var page = await browser.NewPageAsync(locale);
            await SignInAsync(page, w.AuditorKey);
            await page.GotoAsync("/restatement");
            var left = page.GetByTestId("left-as-decided");
            var row = left.GetByRole(AriaRole.Row).Filter(new() { HasText = "Atlas reprints" });
            await Assertions.Expect(row).ToHaveCountAsync(1);
            await Assertions.Expect(row.GetByRole(AriaRole.Cell)).ToHaveTextAsync(["2", CouncilReason]); // priced by version 2; finance's words
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = tag == "en" ? "Left as finance decided" : "保留财务决定的分摊" })).ToBeVisibleAsync();
            await VisitedAsync(page, browser, $"{tag}-auditor-restatement-left-as-decided");
        }
    }
}
