using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace SharingLedger.Tests.WebConsole;

/// <summary>What the journeys do on every page: sign in, check accessibility with axe, keep a screenshot.</summary>
public static class ConsolePages
{
    public static async Task SignInAsync(IPage page, string key)
    {
        await page.GotoAsync("/sign-in");
        await page.GetByLabel("API key").Or(page.GetByLabel("API 密钥")).FillAsync(key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).Or(page.GetByRole(AriaRole.Button, new() { Name = "登录", Exact = true })).ClickAsync();
        // Signed in when the address has left the sign-in page and the page it leads to offers "Sign out" (every signed-in page's
        // menu does). Both are assertions the browser side polls: WaitForURLAsync waits for the load event when the address
        // already matches, whatever WaitUntil says, and that event sometimes never came after the form's redirects though the
        // page had loaded (microsoft/playwright-dotnet#3365, #3364).
        await Assertions.Expect(page).Not.ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/sign-in"));
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).Or(page.GetByRole(AriaRole.Button, new() { Name = "退出登录" }))).ToBeVisibleAsync();
    }

    /// <summary>axe-core on the page as it stands: no serious or critical violation.</summary>
    public static async Task AssertAccessibleAsync(IPage page)
    {
        var result = await page.RunAxe();
        var bad = result.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}").ToList();
        Assert.True(bad.Count == 0, $"{page.Url}: " + string.Join("\n", bad));
    }

    public static async Task ScreenshotAsync(IPage page, ConsoleBrowser browser, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(browser.Artefacts, name + ".png"), FullPage = true });

    /// <summary>Checks the page with axe and keeps a screenshot of it.</summary>
    public static async Task VisitedAsync(IPage page, ConsoleBrowser browser, string name)
    {
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, browser, name);
    }
}
