using Microsoft.Playwright;
using SharingLedger.Tests.Access;
using static SharingLedger.Tests.WebConsole.ConsolePages;

namespace SharingLedger.Tests.WebConsole;

/// <summary>
/// Issue 16, item 2: with JWT configured, the sign-in page takes a token from the consortium's identity provider (here signed
/// by a key the test holds; no network) and gives the same cookie session, roles and "a member sees only itself" as a key.
/// </summary>
public sealed class ConsoleTokenSignInTests(JwtBrowser browser) : IClassFixture<JwtBrowser>
{
    private static async Task SignInWithTokenAsync(IPage page, string token)
    {
        await page.GotoAsync("/sign-in");
        await page.GetByLabel("Token from your identity provider").FillAsync(token);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with the token", Exact = true }).ClickAsync();
    }

    [Fact]
    public async Task A_member_signs_in_with_a_token_sees_its_own_pages_only_and_signs_out()
    {
        var w = await ConsoleWorld.CreateAsync(browser);
        var page = await browser.NewPageAsync();

        await SignInWithTokenAsync(page, Principals.Token("member", w.Consortium, w.Alpha));

        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();
        var own = await page.GotoAsync($"/members/{w.Alpha}/obligations");
        Assert.Equal(200, own!.Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("ALPHA");
        Assert.Equal(404, (await page.GotoAsync($"/members/{w.Beta}/obligations"))!.Status);
        await page.GotoAsync("/");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Balances" })).ToHaveCountAsync(0);
        await VisitedAsync(page, browser, "en-token-member-home");

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.GotoAsync($"/members/{w.Alpha}/obligations");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/sign-in"));
    }

    [Fact]
    public async Task A_staff_token_gives_its_roles_and_a_token_the_api_would_refuse_is_refused_beside_the_field()
    {
        var w = await ConsoleWorld.CreateAsync(browser);
        var auditor = await browser.NewPageAsync();
        await SignInWithTokenAsync(auditor, Principals.Token("auditor", w.Consortium));
        Assert.Equal(200, (await auditor.GotoAsync("/balances"))!.Status);
        Assert.Equal(200, (await auditor.GotoAsync($"/members/{w.Beta}/history"))!.Status);

        var refused = await browser.NewPageAsync();
        await refused.GotoAsync("/sign-in");
        await VisitedAsync(refused, browser, "en-sign-in-with-token");
        foreach (var token in new[]
                 {
                     Principals.Token("member", w.Consortium, w.Alpha, signingKey: "another-key-the-ledger-does-not-trust-0123456789"),
                     Principals.Token("member", w.Consortium, w.Alpha, expires: DateTime.UtcNow.AddHours(-1)),
                     Principals.Token("member", w.Consortium), // a member token without member_id
                 })
        {
            await SignInWithTokenAsync(refused, token);
            await Assertions.Expect(refused.Locator("#token-error")).ToBeVisibleAsync();
            await Assertions.Expect(refused.Locator("#token")).ToHaveAttributeAsync("aria-invalid", "true");
            await Assertions.Expect(refused.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToHaveCountAsync(0);
        }
    }
}
