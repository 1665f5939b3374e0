using Microsoft.Playwright;
using static SharingLedger.Tests.WebConsole.ConsolePages;

namespace SharingLedger.Tests.WebConsole;

public sealed partial class ConsoleJourneyTests
{
    [Fact]
    public async Task The_forms_and_reports_pass_axe_in_both_languages_at_desktop_and_phone_width_and_are_kept_as_screenshots()
    {
        var w = await ConsoleWorld.CreateAsync(browser, lending: true);
        await browser.PostAsync($"/consortia/{w.Consortium}/procurements", new
        {
            title = "Local gazetteers archive", subject = "Chinese history", estimatedCost = new { amount = "3000.00", currency = "CNY" },
            sharingTerm = "databases", commitmentDeadline = "2026-12-15", invitedMembers = new[] { w.Alpha, w.Beta },
        });
        foreach (var (locale, tag) in new[] { ("en-GB", "en"), ("zh-CN", "zh") })
        {
            var finance = await browser.NewPageAsync(locale);
            await SignInAsync(finance, w.FinanceKey);
            foreach (var path in new[] { "/invoices/new", "/credit-notes/new", $"/payments/new?memberId={w.Alpha}", "/participants", "/procurements", "/reconciliation", "/vendors", "/vendors/transfer?vendor=CNKI", "/downloads" })
            {
                await finance.GotoAsync(path);
                await VisitedAsync(finance, browser, $"{tag}-finance-{path.Trim('/').Split('?')[0].Replace('/', '-')}");
            }
            await finance.GotoAsync("/invoices/new");
            await finance.Locator("form.stack button[type=submit]").ClickAsync(); // empty form: every field's message
            await VisitedAsync(finance, browser, $"{tag}-finance-invoice-empty");

            var auditor = await browser.NewPageAsync(locale);
            await SignInAsync(auditor, w.AuditorKey);
            foreach (var path in new[] { "/write-offs/new", "/restatement", "/clearing/2026-11", $"/members/{w.Alpha}/history", "/balances?asOf=2026-11-27&knownDate=2026-11-27&knownTime=08:00" })
            {
                await auditor.GotoAsync(path);
                await VisitedAsync(auditor, browser, $"{tag}-auditor-{path.Trim('/').Split('?')[0].Replace('/', '-').Replace(w.Alpha.ToString(), "alpha")}");
            }

            var member = await browser.NewPageAsync(locale);
            await SignInAsync(member, w.AlphaKey);
            foreach (var path in new[] { $"/members/{w.Alpha}/loans", $"/members/{w.Alpha}/lending", "/procurements", $"/members/{w.Alpha}/history", "/downloads" })
            {
                await member.GotoAsync(path);
                await VisitedAsync(member, browser, $"{tag}-member-{path.Trim('/').Replace('/', '-').Replace(w.Alpha.ToString(), "alpha")}");
            }
            await member.SetViewportSizeAsync(390, 844);
            foreach (var path in new[] { "/procurements", $"/members/{w.Alpha}/lending" })
            {
                await member.GotoAsync(path);
                await VisitedAsync(member, browser, $"{tag}-member-{path.Trim('/').Replace('/', '-').Replace(w.Alpha.ToString(), "alpha")}-phone");
            }
            if (tag == "zh")
                await Assertions.Expect(member.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("借阅义务");
        }
    }
}
