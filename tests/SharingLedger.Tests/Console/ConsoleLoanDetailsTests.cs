using Microsoft.Playwright;
using static SharingLedger.Tests.WebConsole.ConsolePages;

namespace SharingLedger.Tests.WebConsole;

public sealed partial class ConsoleJourneyTests
{
    /// <summary>
    /// Issue 16, item 5: a loan step that needs details (a copy's pages, a conditional offer's cost and note) is given on the
    /// member's loans page; the API's message shows beside the field, and the step, once recorded, shows as the loan's state
    /// and as the other side's next action.
    /// </summary>
    [Fact]
    public async Task A_lender_gives_a_steps_details_on_its_loans_page_and_sees_the_apis_message_beside_the_field()
    {
        var w = await ConsoleWorld.CreateAsync(browser, lending: true);
        var suffix = Guid.NewGuid().ToString("N")[..6];
        string copy = $"COPY-{suffix}", loan = $"LOAN-{suffix}";
        foreach (var (id, type) in new[] { (copy, "copy"), (loan, "loan") })
            await browser.PostAsync($"/consortia/{w.Consortium}/loans", new
            {
                borrowerId = w.Alpha, lenderId = w.Beta, serviceType = type, serviceLevel = "normal", requestId = id, on = "2026-11-20",
            });
        var beta = await browser.NewPageAsync();
        await SignInAsync(beta, w.BetaKey);
        await beta.GotoAsync($"/members/{w.Beta}/loans");

        await beta.GetByRole(AriaRole.Link, new() { Name = $"copyCompleted with details: {copy}" }).ClickAsync();
        await beta.GetByRole(AriaRole.Button, new() { Name = "Record", Exact = true }).ClickAsync();
        await Assertions.Expect(beta.Locator("#pages-error")).ToContainTextAsync("Required: the pages copied");
        await Assertions.Expect(beta.Locator("#pages")).ToHaveAttributeAsync("aria-invalid", "true");
        await VisitedAsync(beta, browser, "en-member-loan-details-error");
        await beta.GetByLabel("Pages copied").FillAsync("25");
        await beta.GetByRole(AriaRole.Button, new() { Name = "Record", Exact = true }).ClickAsync();
        await Assertions.Expect(beta.GetByTestId($"state-{copy}")).ToContainTextAsync("copyCompleted");

        await beta.GetByRole(AriaRole.Link, new() { Name = $"conditional with details: {loan}" }).ClickAsync();
        await beta.GetByLabel("Cost offered (CNY)").FillAsync("twelve");
        await beta.GetByRole(AriaRole.Button, new() { Name = "Record", Exact = true }).ClickAsync();
        await Assertions.Expect(beta.Locator("#offered-cost-error")).ToBeVisibleAsync();
        await Assertions.Expect(beta.Locator("#offered-cost")).ToHaveAttributeAsync("aria-invalid", "true");
        await beta.GetByLabel("Cost offered (CNY)").FillAsync("12.50");
        await beta.GetByLabel("Note").FillAsync("Only the reading-room copy; it must be returned by courier.");
        await beta.GetByRole(AriaRole.Button, new() { Name = "Record", Exact = true }).ClickAsync();
        await Assertions.Expect(beta.GetByTestId($"state-{loan}")).ToContainTextAsync("conditional");

        var alpha = await browser.NewPageAsync();
        await SignInAsync(alpha, w.AlphaKey);
        await alpha.GotoAsync($"/members/{w.Alpha}/loans");
        await Assertions.Expect(alpha.GetByRole(AriaRole.Button, new() { Name = $"acceptCondition: {loan}" })).ToBeVisibleAsync();
        // The borrower's side: a cancellation may carry its reason.
        await Assertions.Expect(alpha.GetByRole(AriaRole.Link, new() { Name = $"cancelled with details: {loan}" })).ToBeVisibleAsync();
        var view = await browser.Api.GetStringAsync($"/consortia/{w.Consortium}/loans?limit=500", TestContext.Current.CancellationToken);
        Assert.Contains("12.50", view);
    }
}
