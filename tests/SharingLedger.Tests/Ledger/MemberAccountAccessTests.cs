using Alba;
using SharingLedger.Tests.Access;
using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Ledger;

/// <summary>Who may touch a member's account: a member system disputes and reads only its own; money is finance's; write-offs are the auditor's.</summary>
public class MemberAccountAccessTests(LedgerHost host) : LedgerTest(host)
{
    private async Task<int> PostAs(string key, string url, object body)
    {
        var result = await Host.Host.Scenario(s =>
        {
            s.Post.Json(body).ToUrl(url);
            s.IgnoreStatusCode();
            s.WithRequestHeader("X-Api-Key", key);
        });
        return result.Context.Response.StatusCode;
    }

    private async Task<int> GetAs(string key, string url)
    {
        var result = await Host.Host.Scenario(s =>
        {
            s.Get.Url(url);
            s.IgnoreStatusCode();
            s.WithRequestHeader("X-Api-Key", key);
        });
        return result.Context.Response.StatusCode;
    }

    [Fact]
    public async Task A_member_disputes_and_reads_only_its_own_account_and_records_no_money()
    {
        var p = await Principals.Create(Api);
        var own = $"/consortia/{p.Consortium}/members/{p.OwnMember}";
        var other = $"/consortia/{p.Consortium}/members/{p.OtherMember}";
        var payment = new { amount = new { amount = "10.00", currency = "USD" }, bankReference = "B-1", receivedOn = "2026-01-01" };
        var writeOff = new { amount = new { amount = "10.00", currency = "USD" }, reason = "x", approvedOn = "2026-01-01" };

        Assert.Equal(200, await GetAs(p.Keys["member"], $"{own}/statement"));
        Assert.Equal(404, await GetAs(p.Keys["member"], $"{other}/statement"));
        Assert.Equal(403, await GetAs(p.Keys["member"], $"/consortia/{p.Consortium}/balances"));
        Assert.Equal(200, await GetAs(p.Keys["auditor"], $"/consortia/{p.Consortium}/balances"));

        // The member's own dispute reaches validation (no such item: 4xx, not 403); another member's is not found.
        var ownDispute = await PostAs(p.Keys["member"], $"{own}/account/disputes", new { itemId = "dues:none", reason = "?" });
        Assert.True(ownDispute is 400 or 422, $"got {ownDispute}");
        Assert.Equal(404, await PostAs(p.Keys["member"], $"{other}/account/disputes", new { itemId = "dues:none", reason = "?" }));

        Assert.Equal(403, await PostAs(p.Keys["member"], $"{own}/account/payments", payment));
        Assert.Equal(403, await PostAs(p.Keys["auditor"], $"{own}/account/payments", payment));
        Assert.Equal(201, await PostAs(p.Keys["finance"], $"{own}/account/payments", payment));
        Assert.Equal(403, await PostAs(p.Keys["finance"], $"{own}/account/write-offs", writeOff));
        var byAuditor = await PostAs(p.Keys["auditor"], $"{own}/account/write-offs", writeOff);
        Assert.True(byAuditor is 400 or 422, $"nothing is owed, so the auditor's write-off is refused on its merits: {byAuditor}");
    }

    [Fact]
    public async Task Exports_follow_their_views_and_only_finance_records_services_in_kind()
    {
        var p = await Principals.Create(Api);
        var own = $"/consortia/{p.Consortium}/members/{p.OwnMember}";
        var other = $"/consortia/{p.Consortium}/members/{p.OtherMember}";
        var service = new { kind = "training", quantity = 1, providedOn = "2026-01-01", description = "Workshop" };

        Assert.Equal(200, await GetAs(p.Keys["member"], $"{own}/statement.xlsx"));
        Assert.Equal(404, await GetAs(p.Keys["member"], $"{other}/statement.xlsx"));
        Assert.Equal(403, await GetAs(p.Keys["member"], $"/consortia/{p.Consortium}/balances.xlsx"));
        Assert.Equal(403, await GetAs(p.Keys["member"], $"/consortia/{p.Consortium}/postings"));
        Assert.Equal(200, await GetAs(p.Keys["auditor"], $"/consortia/{p.Consortium}/postings.xlsx"));
        Assert.Equal(200, await GetAs(p.Keys["auditor"], $"/consortia/{p.Consortium}/balances.xlsx"));

        Assert.Equal(403, await PostAs(p.Keys["member"], $"{own}/in-kind-contributions", service));
        Assert.Equal(403, await PostAs(p.Keys["auditor"], $"{own}/in-kind-contributions", service));
        // Finance reaches the rules: the agreement sets no rate for training, so it is refused on its merits.
        Assert.Equal(422, await PostAs(p.Keys["finance"], $"{own}/in-kind-contributions", service));
    }
}
