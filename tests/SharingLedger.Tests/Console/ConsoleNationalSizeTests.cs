using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Npgsql;
using static SharingLedger.Tests.WebConsole.ConsolePages;

namespace SharingLedger.Tests.WebConsole;

/// <summary>
/// The finance officer's pages when a subscription is shared by more members than a page can list for each subscription (at national
/// size, 2,000 members in each of 100 subscriptions made the subscriptions page 118 MB): the list sums the split up and links to the
/// subscription's own page, which explains every share; the reconciliation does the same.
/// </summary>
public sealed partial class ConsoleJourneyTests
{
    [Fact]
    public async Task A_subscription_shared_by_many_members_is_summed_up_on_the_list_and_explained_on_its_own_page()
    {
        var w = await ConsoleWorld.CreateAsync(browser);
        var members = new List<Guid> { w.Alpha, w.Beta };
        for (var i = 0; i < 61; i++)
            members.Add((await browser.PostAsync($"/consortia/{w.Consortium}/members", new
            {
                code = $"M{i:D3}", name = $"Member library {i}", kind = "public", fte = 10, population = 5000,
                materialsBudget = new { amount = "1000.00", currency = "CNY" }, effectiveFrom = "2025-01-01",
            })).GetProperty("id").GetGuid());
        var wide = (await browser.PostAsync($"/consortia/{w.Consortium}/subscriptions", new
        {
            vendor = "Elsevier", resource = "ScienceDirect for all", termStart = "2026-01-01", termEnd = "2026-12-31",
            price = new { amount = "6300.00", currency = "CNY" }, participants = members.Select(m => new { memberId = m }).ToArray(),
            sharingTerm = "databases",
        })).GetProperty("id").GetGuid();
        await browser.PostAsync($"/consortia/{w.Consortium}/subscriptions/{wide}/invoices", new
        {
            invoiceNumber = "SD-2026", invoiceDate = "2026-01-20", amount = new { amount = "6300.00", currency = "CNY" },
        });

        var page = await browser.NewPageAsync();
        await SignInAsync(page, w.FinanceKey);
        await page.GotoAsync("/subscriptions");
        // The two-member subscription keeps its shares on the list; the one of 63 members is summed up, with a link.
        await Assertions.Expect(page.GetByRole(AriaRole.Table, new() { Name = "Each member's share, explained: China Academic Journals" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Table, new() { Name = "Each member's share, explained: ScienceDirect for all" })).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("shares-elsewhere")).ToContainTextAsync("Members sharing it: 63.");
        await VisitedAsync(page, browser, "en-finance-subscriptions-many-members");
        await page.GetByRole(AriaRole.Link, new() { Name = "Each member's share, explained: ScienceDirect for all" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/subscriptions/{wide}$"));
        var shares = page.GetByRole(AriaRole.Table, new() { Name = "Each member's share, explained: ScienceDirect for all" });
        await Assertions.Expect(shares.GetByRole(AriaRole.Row)).ToHaveCountAsync(64); // the heading and 63 members
        await Assertions.Expect(shares.GetByRole(AriaRole.Row).Filter(new() { HasText = "M060" })).ToContainTextAsync("100.00");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "China Academic Journals · CNKI" })).ToHaveCountAsync(0);
        await VisitedAsync(page, browser, "en-finance-subscription-of-many-members");

        await page.GotoAsync("/reconciliation");
        var line = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "ScienceDirect for all" });
        await Assertions.Expect(line.GetByTestId("shares-count")).ToHaveTextAsync("Members sharing it: 63");
        await Assertions.Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "China Academic Journals" })).ToContainTextAsync("ALPHA");

        var zh = await browser.NewPageAsync("zh-CN");
        await SignInAsync(zh, w.FinanceKey);
        await zh.GotoAsync("/subscriptions");
        await Assertions.Expect(zh.GetByTestId("shares-elsewhere")).ToContainTextAsync("分摊成员数: 63.");
        await VisitedAsync(zh, browser, "zh-finance-subscriptions-many-members");

        await page.GotoAsync($"/subscriptions/{Guid.NewGuid()}");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Not found");

        // The list is kept per node while no fact of the consortium changes: a document changed by hand (no event) is not seen on it
        // (its own page reads the document), until an event of the consortium commits.
        await using (var command = browser.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand(
                         "update ledger.mt_doc_subscription set data = jsonb_set(data, '{vendor}', '\"Changed by hand\"') where id = $1"))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = wide });
            Assert.Equal(1, await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken));
        }
        await page.GotoAsync("/subscriptions");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "ScienceDirect for all · Elsevier" })).ToBeVisibleAsync();
        await page.GotoAsync($"/subscriptions/{wide}");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "ScienceDirect for all · Changed by hand" })).ToBeVisibleAsync();
        await browser.PostAsync($"/consortia/{w.Consortium}/subscriptions", new
        {
            vendor = "Clarivate", resource = "Web of Science", termStart = "2026-01-01", termEnd = "2026-12-31",
            price = new { amount = "200.00", currency = "CNY" }, participants = new[] { new { memberId = w.Alpha }, new { memberId = w.Beta } },
            sharingTerm = "databases",
        });
        await page.GotoAsync("/subscriptions");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "ScienceDirect for all · Changed by hand" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Web of Science · Clarivate" })).ToBeVisibleAsync();
    }
}
