using Microsoft.Playwright;
using static SharingLedger.Tests.WebConsole.ConsolePages;

namespace SharingLedger.Tests.WebConsole;

/// <summary>
/// A member library's procurement offers, loans and duties, and the auditor's balances as known at an instant, member history,
/// write-off and the monthly clearing statement, through the pages only. The lending world charges CNY 15.00 a normal loan.
/// </summary>
public sealed partial class ConsoleJourneyTests
{
    [Fact]
    public async Task A_member_commits_to_an_offer_it_is_invited_to_and_never_sees_another_members_offers_loans_or_history()
    {
        var w = await ConsoleWorld.CreateAsync(browser);
        object Offer(string title, params Guid[] invited) => new
        {
            title, subject = "Chinese history", estimatedCost = new { amount = "3000.00", currency = "CNY" }, sharingTerm = "databases",
            commitmentDeadline = "2026-12-15", invitedMembers = invited,
        };
        await browser.PostAsync($"/consortia/{w.Consortium}/procurements", Offer("Local gazetteers archive", w.Alpha, w.Beta));
        await browser.PostAsync($"/consortia/{w.Consortium}/procurements", Offer("Beta-only maps collection", w.Beta));

        var page = await browser.NewPageAsync();
        await SignInAsync(page, w.AlphaKey);
        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Procurement offers" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Local gazetteers archive" })).ToBeVisibleAsync();
        Assert.DoesNotContain("Beta-only maps collection", await page.ContentAsync());
        await Assertions.Expect(page.Locator("section")).ToContainTextAsync("CNY 3,000.00");
        await page.GetByRole(AriaRole.Button, new() { Name = "Commit to Local gazetteers archive" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("recorded")).ToContainTextAsync("Local gazetteers archive");
        await Assertions.Expect(page.Locator("[data-testid^=answer-]")).ToHaveTextAsync("Commit");
        await VisitedAsync(page, browser, "en-member-procurements");

        foreach (var own in new[] { "loans", "lending", "history" })
        {
            Assert.Equal(200, (await page.GotoAsync($"/members/{w.Alpha}/{own}"))!.Status);
            await VisitedAsync(page, browser, $"en-member-{own}");
            var other = await page.GotoAsync($"/members/{w.Beta}/{own}");
            Assert.Equal(404, other!.Status);
            Assert.DoesNotContain(ConsoleWorld.BetaName, await page.ContentAsync());
        }
        await page.GotoAsync($"/members/{w.Alpha}/history");
        await Assertions.Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Member admitted" })).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task A_lender_ships_from_its_loans_page_and_the_months_clearing_statement_prints_to_an_a4_pdf()
    {
        var w = await ConsoleWorld.CreateAsync(browser, lending: true);
        await browser.PostAsync($"/consortia/{w.Consortium}/loans", new
        {
            borrowerId = w.Alpha, lenderId = w.Beta, serviceType = "loan", serviceLevel = "normal", requestId = "REQ-CONSOLE-1", title = "A history of Canton",
        });

        var borrower = await browser.NewPageAsync();
        await SignInAsync(borrower, w.AlphaKey);
        await borrower.GotoAsync($"/members/{w.Alpha}/loans");
        // The borrower may only cancel now; supplying and shipping are the lender's steps.
        await Assertions.Expect(borrower.GetByRole(AriaRole.Button, new() { Name = "cancelled: REQ-CONSOLE-1" })).ToHaveCountAsync(1);
        await Assertions.Expect(borrower.GetByRole(AriaRole.Button, new() { Name = "shipped: REQ-CONSOLE-1" })).ToHaveCountAsync(0);

        var lender = await browser.NewPageAsync();
        await SignInAsync(lender, w.BetaKey);
        await lender.GotoAsync($"/members/{w.Beta}/loans");
        await lender.GetByRole(AriaRole.Button, new() { Name = "willSupply: REQ-CONSOLE-1" }).ClickAsync();
        await Assertions.Expect(lender.GetByTestId("state-REQ-CONSOLE-1")).ToHaveTextAsync("willSupply");
        await lender.GetByRole(AriaRole.Button, new() { Name = "shipped: REQ-CONSOLE-1" }).ClickAsync();
        await Assertions.Expect(lender.GetByTestId("state-REQ-CONSOLE-1")).ToContainTextAsync("shipped");
        await Assertions.Expect(lender.GetByTestId("loan-REQ-CONSOLE-1")).ToContainTextAsync("CNY 15.00");
        await lender.GotoAsync($"/members/{w.Beta}/lending?year=2026");
        await Assertions.Expect(lender.GetByTestId("supplied")).ToHaveTextAsync("1");
        // Its statistics of the year: the one request it received, filled, and the 15.00 billed to the borrower as its lender.
        await Assertions.Expect(lender.GetByTestId("statistics-total")).ToContainTextAsync("CNY 15.00");
        await VisitedAsync(lender, browser, "en-member-lending-duties");

        var auditor = await browser.NewPageAsync();
        await SignInAsync(auditor, w.AuditorKey);
        await auditor.GotoAsync("/clearing/2026-11");
        await Assertions.Expect(auditor.GetByTestId("fund")).ToHaveTextAsync("CNY 0.26");
        await Assertions.Expect(auditor.GetByTestId("position-BETA")).ToContainTextAsync(ConsoleWorld.BetaName);
        // One page of charges: printing prints them all, so no hint about showing them on one page first.
        await Assertions.Expect(auditor.GetByText("It prints the charges shown; to print every charge, show them all on one page first.")).ToHaveCountAsync(0);
        await VisitedAsync(auditor, browser, "en-auditor-clearing");
        var pdf = Path.Combine(browser.Artefacts, "clearing-en.pdf");
        await auditor.PdfAsync(new PagePdfOptions { Path = pdf, Format = "A4", PrintBackground = true });
        var text = await PdfTextAsync(pdf);
        Assert.Contains("Monthly clearing statement", text);
        Assert.Contains(w.ConsortiumName, text);
        Assert.Contains("November 2026", text);
        // The lender is owed the loan's 15.00; the borrower pays it and the 0.26 fee.
        Assert.Matches(@"BETA[^\n]*CNY 15\.00[^\n]*CNY 0\.00[^\n]*CNY 0\.00[^\n]*CNY 15\.00", text);
        Assert.Matches(@"ALPHA[^\n]*CNY 0\.00[^\n]*CNY 15\.00[^\n]*CNY 0\.26[^\n]*CNY -15\.26", text);
        Assert.DoesNotContain("Sign out", text);
    }

    [Fact]
    public async Task The_auditor_reads_balances_as_known_at_an_instant_and_approves_a_write_off()
    {
        var w = await ConsoleWorld.CreateAsync(browser);
        var page = await browser.NewPageAsync();
        await SignInAsync(page, w.AuditorKey);
        // Before anything was recorded, the ledger knew of nothing owed.
        await page.GotoAsync("/balances?asOf=2026-11-27");
        await page.GetByLabel("Day", new() { Exact = true }).FillAsync("2020-01-01");
        await page.GetByLabel("Time", new() { Exact = true }).FillAsync("09:00");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("total-outstanding")).ToHaveTextAsync("CNY 0.00");
        await Assertions.Expect(page.GetByTestId("known-at")).ToHaveTextAsync("1 Jan 2020 09:00");
        await VisitedAsync(page, browser, "en-auditor-balances-known-at");

        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Write-off" }).ClickAsync();
        await page.Locator("#member-id").SelectOptionAsync(new SelectOptionValue { Label = $"BETA · {ConsoleWorld.BetaName}" });
        await page.GetByLabel("Amount (CNY)").FillAsync("100.00");
        await page.GetByLabel("Reason").FillAsync("Uncollectable remainder agreed by the council");
        await page.GetByRole(AriaRole.Button, new() { Name = "Approve a write-off" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("recorded")).ToContainTextAsync("BETA");
        await page.GotoAsync($"/members/{w.Beta}/statement");
        await Assertions.Expect(page.GetByTestId("balance-due")).ToHaveTextAsync("CNY 1,000.00");

        await page.GotoAsync("/restatement");
        await VisitedAsync(page, browser, "en-auditor-restatement");
        await page.GotoAsync($"/members/{w.Beta}/history");
        await Assertions.Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Member admitted" })).ToHaveCountAsync(1);
        await VisitedAsync(page, browser, "en-auditor-history");
    }

    [Fact]
    public async Task A_busy_months_clearing_statement_shows_its_charges_a_page_at_a_time_or_one_members()
    {
        var w = await ConsoleWorld.CreateAsync(browser, lending: true);
        await browser.PostAsync($"/consortia/{w.Consortium}/members", new
        {
            code = "GAMMA", name = "Gamma District Library", kind = "public", fte = 10, population = 9000,
            materialsBudget = new { amount = "1000.00", currency = "CNY" }, effectiveFrom = "2025-01-01",
        });
        // 250 normal loans ALPHA borrows from BETA and 3 GAMMA borrows from BETA, all shipped in November: 253 charges.
        var csv = new System.Text.StringBuilder("borrower,requestId,action,on,lender,serviceType,serviceLevel,maxCost,dueDate,pages,note\n");
        for (var i = 1; i <= 253; i++)
        {
            var (borrower, day) = (i <= 250 ? "ALPHA" : "GAMMA", $"2026-11-{1 + i % 27:00}");
            csv.Append($"{borrower},BUSY-{i},request,{day},BETA,loan,normal,,,,\n{borrower},BUSY-{i},shipped,{day},,,,,,,\n");
        }
        var imported = await browser.Api.PostAsync($"/consortia/{w.Consortium}/loans/import",
            new StringContent(csv.ToString(), System.Text.Encoding.UTF8, "text/csv"), TestContext.Current.CancellationToken);
        Assert.True(imported.IsSuccessStatusCode, await imported.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        var auditor = await browser.NewPageAsync();
        await SignInAsync(auditor, w.AuditorKey);
        await auditor.GotoAsync("/clearing/2026-11");
        var charges = auditor.Locator("#charges tbody tr");
        await Assertions.Expect(auditor.GetByTestId("charges-shown")).ToHaveTextAsync("Charges 1–200 / 253");
        await Assertions.Expect(charges).ToHaveCountAsync(200);
        // Every member's position is on every page: BETA lent 253 × 15.00; ALPHA borrowed 250 and GAMMA 3, each with a 0.26 fee.
        await Assertions.Expect(auditor.GetByTestId("position-BETA")).ToContainTextAsync("CNY 3,795.00");
        await Assertions.Expect(auditor.GetByTestId("position-ALPHA")).ToContainTextAsync("CNY -3,815.00");
        await Assertions.Expect(auditor.GetByTestId("position-GAMMA")).ToContainTextAsync("CNY -45.78");
        await Assertions.Expect(auditor.GetByText("It prints the charges shown; to print every charge, show them all on one page first.")).ToBeVisibleAsync();
        await VisitedAsync(auditor, browser, "en-auditor-clearing-busy");

        await auditor.GetByRole(AriaRole.Link, new() { Name = "Later charges" }).ClickAsync();
        await Assertions.Expect(auditor.GetByTestId("charges-shown")).ToHaveTextAsync("Charges 201–253 / 253");
        await Assertions.Expect(charges).ToHaveCountAsync(53);
        await Assertions.Expect(auditor.GetByRole(AriaRole.Link, new() { Name = "Later charges" })).ToHaveCountAsync(0);
        await auditor.GetByRole(AriaRole.Link, new() { Name = "Earlier charges" }).ClickAsync();
        await Assertions.Expect(charges).ToHaveCountAsync(200);

        // One member's charges, from its position's link: GAMMA's three loans, each naming it.
        await auditor.GetByRole(AriaRole.Link, new() { Name = "Member's charges: GAMMA" }).ClickAsync();
        await Assertions.Expect(auditor.GetByRole(AriaRole.Heading, new() { Name = "Member's charges: GAMMA" })).ToBeVisibleAsync();
        await Assertions.Expect(charges).ToHaveCountAsync(3);
        foreach (var row in await charges.AllAsync()) await Assertions.Expect(row).ToContainTextAsync("BETA → GAMMA");
        await Assertions.Expect(auditor.GetByRole(AriaRole.Link, new() { Name = "Later charges" })).ToHaveCountAsync(0);
        // Asked by code, in any case; a code no member has says so.
        await auditor.GetByLabel("Member code").FillAsync("alpha");
        await auditor.GetByRole(AriaRole.Button, new() { Name = "Show its charges" }).ClickAsync();
        await Assertions.Expect(auditor.GetByTestId("charges-shown")).ToHaveTextAsync("Charges 1–200 / 250");
        await auditor.GetByLabel("Member code").FillAsync("BETA"); // the lender of every charge
        await auditor.GetByRole(AriaRole.Button, new() { Name = "Show its charges" }).ClickAsync();
        await Assertions.Expect(auditor.GetByTestId("charges-shown")).ToHaveTextAsync("Charges 1–200 / 253");
        await auditor.GetByLabel("Member code").FillAsync("ZETA");
        await auditor.GetByRole(AriaRole.Button, new() { Name = "Show its charges" }).ClickAsync();
        await Assertions.Expect(auditor.GetByText("No member of the consortium has this code.")).ToBeVisibleAsync();
        await Assertions.Expect(auditor.GetByTestId("charges-shown")).ToHaveTextAsync("Charges 0–0 / 0");
        await VisitedAsync(auditor, browser, "en-auditor-clearing-unknown-member");

        // The whole statement on one page, to print.
        await auditor.GetByRole(AriaRole.Link, new() { Name = "Every member's charges" }).ClickAsync();
        await auditor.GetByRole(AriaRole.Link, new() { Name = "All on one page, to print" }).ClickAsync();
        await Assertions.Expect(auditor.GetByTestId("charges-shown")).ToHaveTextAsync("Charges 1–253 / 253");
        await Assertions.Expect(charges).ToHaveCountAsync(253);
    }
}
