using static SharingLedger.Tests.WebConsole.ConsolePages;

namespace SharingLedger.Tests.WebConsole;

/// <summary>
/// Issue 16, item 7 and its tests: every page of the console on the demo's year, as each role that may see it, in English
/// and Simplified Chinese, checked with axe and kept as a screenshot (console-artefacts/demo-*.png in the test output).
/// </summary>
public sealed class DemoEveryPageTests(DemoBrowser demo) : IClassFixture<DemoBrowser>
{
    [Fact]
    public async Task Every_page_passes_axe_in_both_languages_and_is_kept_as_a_screenshot()
    {
        var k = await demo.SeededAsync();
        Guid sysu = k.Members["SYSU"], gzpl = k.Members["GZPL"];
        var member = new[] { "/", $"/members/{sysu}/obligations", $"/members/{sysu}/statement", $"/members/{sysu}/loans", $"/members/{sysu}/lending",
            $"/members/{sysu}/history", "/procurements", "/downloads", "/language" };
        var finance = new[] { "/", "/finance", "/subscriptions", "/procurements", "/invoices/new", "/credit-notes/new", $"/payments/new?memberId={gzpl}",
            "/participants", "/reconciliation", "/downloads", "/members", $"/members/{gzpl}/obligations", $"/members/{gzpl}/statement", $"/members/{gzpl}/loans" };
        var auditor = new[] { "/", "/balances", "/clearing/2026-01", "/clearing/2026-10", "/periods", "/verification", "/restatement", "/write-offs/new",
            $"/members/{gzpl}/history", $"/members/{gzpl}/lending" };
        foreach (var (locale, tag) in new[] { ("en-GB", "en"), ("zh-CN", "zh") })
        {
            var anonymous = await demo.NewPageAsync(locale);
            await anonymous.GotoAsync("/sign-in");
            await VisitedAsync(anonymous, demo, $"demo-{tag}-sign-in");
            foreach (var (role, key, paths) in new[] { ("member", k.Sysu, member), ("finance", k.Finance, finance), ("auditor", k.Auditor, auditor) })
            {
                var page = await demo.NewPageAsync(locale);
                await SignInAsync(page, key);
                foreach (var path in paths)
                {
                    var response = await page.GotoAsync(path);
                    Assert.True(response?.Ok, $"{role} {path}: {response?.Status}");
                    await VisitedAsync(page, demo, $"demo-{tag}-{role}-{Name(path, sysu, gzpl)}");
                }
                await page.Context.CloseAsync();
            }
            await anonymous.Context.CloseAsync();
        }
    }

    private static string Name(string path, Guid sysu, Guid gzpl)
    {
        var name = path.Split('?')[0].Trim('/').Replace(sysu.ToString(), "sysu").Replace(gzpl.ToString(), "gzpl").Replace('/', '-');
        return name.Length == 0 ? "home" : name;
    }
}
