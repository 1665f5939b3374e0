using Alba;
using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Loans;

/// <summary>Member systems borrow for themselves, see only their own loans, and take only their side's actions.</summary>
public class LoanAccessTests(LedgerHost host) : LedgerTest(host)
{
    private async Task<int> As(string key, string method, string url, object? body = null)
    {
        var result = await Host.Host.Scenario(s =>
        {
            s.IgnoreStatusCode();
            if (method == "POST") s.Post.Json(body ?? new { }).ToUrl(url);
            else s.Get.Url(url);
            s.WithRequestHeader("X-Api-Key", key);
        });
        return result.Context.Response.StatusCode;
    }

    private async Task<string> MemberKey(LoanScenario s, string code) =>
        (await Api.Ok(Api.Post($"/consortia/{s.ConsortiumId}/api-keys", new { label = code, roles = new[] { "member" }, memberId = s.Members[code] }), 201))
        .GetProperty("key").GetString()!;

    [Fact]
    public async Task A_member_system_acts_only_for_itself_and_only_on_its_side()
    {
        var s = await LoanScenario.WithDefaultFees(Host, Api, "A", "B", "C");
        var (a, b, c) = (await MemberKey(s, "A"), await MemberKey(s, "B"), await MemberKey(s, "C"));
        var request = new { borrowerId = s.Members["A"], lenderId = s.Members["B"], serviceType = "loan", serviceLevel = "normal", requestId = "R-1", on = "2026-11-02" };

        Assert.Equal(404, await As(b, "POST", s.Url, request)); // B cannot borrow in A's name
        var created = await Host.Host.Scenario(x => { x.Post.Json(request).ToUrl(s.Url); x.WithRequestHeader("X-Api-Key", a); x.StatusCodeShouldBe(201); });
        var loan = (await created.ReadAsJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetGuid();

        Assert.Equal(404, await As(c, "GET", $"{s.Url}/{loan}")); // not a party: not found
        Assert.Equal(200, await As(a, "GET", $"{s.Url}/{loan}"));
        Assert.Equal(403, await As(a, "POST", $"{s.Url}/{loan}/shipped", new { on = "2026-11-03" })); // the lender ships
        Assert.Equal(200, await As(b, "POST", $"{s.Url}/{loan}/shipped", new { on = "2026-11-03" }));
        Assert.Equal(403, await As(b, "POST", $"{s.Url}/{loan}/received", new { on = "2026-11-05" })); // the borrower receives
        Assert.Equal(200, await As(a, "POST", $"{s.Url}/{loan}/received", new { on = "2026-11-05" }));
        Assert.Equal("received", await s.State(loan));
    }
}
