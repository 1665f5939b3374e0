using System.Net;
using System.Text.Json;
using SharingLedger.Demo;

namespace SharingLedger.Tests.WebConsole;

/// <summary>
/// What <c>scripts/run</c> seeds (issue 16, item 9), read back through the API with the keys the demo printed. Today is
/// 2026-11-27, so the story runs from January to November 2026 (and October to December 2025). The figures below are worked
/// out from the story's inputs by hand, not read from the service.
/// </summary>
public sealed class DemoYearTests(DemoBrowser demo) : IClassFixture<DemoBrowser>
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    private async Task<JsonElement> GetAsync(string key, string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("X-Api-Key", key);
        using var response = await demo.Api.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == expected, $"GET {url}: {(int)response.StatusCode} {text}");
        return string.IsNullOrEmpty(text) ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    private static decimal Amount(JsonElement money) => decimal.Parse(money.GetProperty("amount").GetString()!, System.Globalization.CultureInfo.InvariantCulture);

    private async Task<JsonElement[]> ItemsAsync(DemoKeys.Issued k, string code, string kind) =>
        (await GetAsync(k.Finance, $"/consortia/{k.Consortium}/members/{k.Members[code]}/obligations?fiscalYear=2026"))
        .GetProperty("items").EnumerateArray().Where(i => i.GetProperty("kind").GetString() == kind).ToArray();

    [Fact]
    public async Task Subscriptions_are_invoiced_in_dollars_and_euros_and_a_member_joins_mid_term()
    {
        var k = await demo.SeededAsync();
        var subscriptions = (await GetAsync(k.Finance, $"/consortia/{k.Consortium}/subscriptions")).EnumerateArray().ToList();
        var wos = subscriptions.Single(s => s.GetProperty("resource").GetString() == "Web of Science Core Collection").GetProperty("id").GetGuid();
        var ebooks = subscriptions.Single(s => s.GetProperty("resource").GetString() == "Springer Nature eBook Collection").GetProperty("id").GetGuid();

        // USD 182,500.00 × 7.1284 = CNY 1,300,933.00 among the five academic members.
        var wosShares = new List<decimal>();
        foreach (var code in new[] { "SYSU", "SCUT", "JNU", "SZU", "GDPU" })
            wosShares.Add((await ItemsAsync(k, code, "subscription")).Where(i => i.GetProperty("sourceId").GetGuid() == wos).Sum(i => Amount(i.GetProperty("amount"))));
        Assert.Equal(1_300_933.00m, wosShares.Sum());
        Assert.All(wosShares, s => Assert.True(s > 0));

        // EUR 64,000.00 × 7.7650 = CNY 496,960.00 among seven members and Dongguan, which joined on 1 July (184 of 365 days).
        var ebookShares = new Dictionary<string, decimal>();
        foreach (var code in new[] { "SYSU", "SCUT", "JNU", "SZU", "GZPL", "SZL", "FSL", "DGL" })
            ebookShares[code] = (await ItemsAsync(k, code, "subscription")).Where(i => i.GetProperty("sourceId").GetGuid() == ebooks).Sum(i => Amount(i.GetProperty("amount")));
        Assert.Equal(496_960.00m, ebookShares.Values.Sum());
        Assert.True(ebookShares["DGL"] > 0);
        var dongguan = (await ItemsAsync(k, "DGL", "subscription")).Single(i => i.GetProperty("sourceId").GetGuid() == ebooks);
        Assert.Contains("184", dongguan.GetProperty("explanation").GetString());
    }

    [Fact]
    public async Task A_joint_procurement_is_shared_by_the_five_that_committed_and_another_waits_for_SYSU()
    {
        var k = await demo.SeededAsync();
        var shares = new Dictionary<string, decimal>();
        foreach (var code in new[] { "GZPL", "SZL", "SYSU", "JNU", "FSL", "DGL", "ZHL" })
            shares[code] = (await ItemsAsync(k, code, "procurement")).Sum(i => Amount(i.GetProperty("amount")));

        Assert.Equal(348_000.00m, shares.Values.Sum());
        Assert.Equal((0m, 0m), (shares["DGL"], shares["ZHL"]));
        var offers = (await GetAsync(k.Finance, $"/consortia/{k.Consortium}/procurements")).EnumerateArray().ToList();
        var ieee = offers.Single(p => p.GetProperty("title").GetString()!.StartsWith("IEEE", StringComparison.Ordinal));
        Assert.Equal("open", ieee.GetProperty("status").GetString());
        var answers = ieee.GetProperty("invitedMembers").EnumerateArray()
            .ToDictionary(m => m.GetProperty("memberCode").GetString()!, m => m.GetProperty("decision").ValueKind == JsonValueKind.Null ? null : m.GetProperty("decision").GetString());
        Assert.Equal(new Dictionary<string, string?> { ["SYSU"] = null, ["SCUT"] = "commit", ["SZU"] = null, ["GDPU"] = null }, answers);
    }

    [Fact]
    public async Task Loans_run_through_the_year_and_every_month_but_October_is_settled()
    {
        var k = await demo.SeededAsync();
        // January: GZPL borrows two normal loans from SYSU (2 × 15.00), SZU a rush loan from GZPL (20.00), JNU a copy of 25 pages
        // from SCUT (15 pages beyond the 10 free at 0.20 = 3.00); each borrower pays the fund 0.26 a charge.
        var january = await GetAsync(k.Auditor, $"/consortia/{k.Consortium}/clearing/2026-01");
        var nets = january.GetProperty("positions").EnumerateArray()
            .ToDictionary(p => p.GetProperty("memberCode").GetString()!, p => Amount(p.GetProperty("net")));
        Assert.True(january.GetProperty("settled").GetBoolean());
        Assert.Equal((30.00m, -10.52m, -20.26m, 3.00m, -3.26m), (nets["SYSU"], nets["GZPL"], nets["SZU"], nets["SCUT"], nets["JNU"]));
        Assert.Equal(1.04m, Amount(january.GetProperty("fund")));
        for (var month = 2; month <= 9; month++)
            Assert.True((await GetAsync(k.Auditor, $"/consortia/{k.Consortium}/clearing/2026-{month:00}")).GetProperty("settled").GetBoolean(), $"2026-{month:00}");
        Assert.False((await GetAsync(k.Auditor, $"/consortia/{k.Consortium}/clearing/2026-10")).GetProperty("settled").GetBoolean());

        // SYSU's system sees its loans as lender and borrower, with steps waiting today: a new request, a conditional offer, a loan it holds.
        var loans = (await GetAsync(k.Sysu, $"/consortia/{k.Consortium}/loans?limit=500")).EnumerateArray().ToList();
        var states = loans.Select(l => l.GetProperty("state").GetString()).ToList();
        Assert.Contains("requested", states);
        Assert.Contains("conditional", states);
        Assert.Contains("received", states);
        Assert.Contains("loanCompleted", states);
    }

    [Fact]
    public async Task Last_years_reimbursement_is_paid_out_of_its_pool()
    {
        var k = await demo.SeededAsync();
        var reimbursement = await GetAsync(k.Auditor, $"/consortia/{k.Consortium}/reimbursement/2025");

        Assert.NotEqual(JsonValueKind.Null, reimbursement.GetProperty("paidOutAt").ValueKind);
        // Lenders in late 2025: SYSU (3 loans), JNU (3), SZL (1); the whole pool of 60,000.00 goes out to them.
        var paid = reimbursement.GetProperty("payouts").EnumerateArray()
            .Where(p => p.GetProperty("paidOut").ValueKind == JsonValueKind.Object)
            .ToDictionary(p => p.GetProperty("memberCode").GetString()!, p => Amount(p.GetProperty("paidOut")));
        Assert.Equal(60_000.00m, paid.Values.Sum());
        Assert.True(paid["SYSU"] > 0 && paid["JNU"] > 0 && paid["SZL"] > 0);
    }

    [Fact]
    public async Task Payments_a_credit_note_a_dispute_services_in_kind_and_a_closed_quarter_are_on_the_books()
    {
        var k = await demo.SeededAsync();
        var gzpl = await GetAsync(k.Gzpl, $"/consortia/{k.Consortium}/members/{k.Members["GZPL"]}/statement");
        // A payment is allocated to the open items oldest first (last year's dues, then this year's), one line per item.
        Assert.Equal(150_000.00m, CreditsOn(gzpl, "2026-03-15"));
        var jnu = await GetAsync(k.Finance, $"/consortia/{k.Consortium}/members/{k.Members["JNU"]}/statement");
        Assert.Equal(2_000.00m, CreditsOn(jnu, "2026-04-02"));

        var disputes = await GetAsync(k.Auditor, $"/consortia/{k.Consortium}/disputes");
        var dispute = Assert.Single(disputes.EnumerateArray());
        Assert.Equal((k.Members["SZU"], "open"), (dispute.GetProperty("memberId").GetGuid(), dispute.GetProperty("state").GetString()));

        // Hosting 6 months × 2,000.00 and training 3 sessions × 1,500.00, credited against the year's dues.
        Assert.Equal(-12_000.00m, (await ItemsAsync(k, "SZL", "inKind")).Sum(i => Amount(i.GetProperty("amount"))));
        Assert.Equal(-4_500.00m, (await ItemsAsync(k, "GZPL", "inKind")).Sum(i => Amount(i.GetProperty("amount"))));

        var periods = (await GetAsync(k.Auditor, $"/consortia/{k.Consortium}/periods?fiscalYear=2026")).GetProperty("periods").EnumerateArray()
            .ToDictionary(p => p.GetProperty("period").GetString()!, p => p.GetProperty("status").GetString());
        Assert.Equal(["closed", "closed", "closed", "open"], new[] { "2026-01", "2026-02", "2026-03", "2026-04" }.Select(p => periods[p]));
    }

    private static decimal CreditsOn(JsonElement statement, string date) =>
        statement.GetProperty("lines").EnumerateArray().Where(l => l.GetProperty("date").GetString() == date).Sum(l => Amount(l.GetProperty("credit")));

    [Fact]
    public async Task The_printed_keys_hold_each_role_to_what_it_may_do()
    {
        var k = await demo.SeededAsync();
        await GetAsync(k.Sysu, $"/consortia/{k.Consortium}/members/{k.Members["SYSU"]}/statement");
        await GetAsync(k.Sysu, $"/consortia/{k.Consortium}/members/{k.Members["GZPL"]}/statement", HttpStatusCode.NotFound);
        await GetAsync(k.Gzpl, $"/consortia/{k.Consortium}/members/{k.Members["SYSU"]}/obligations?fiscalYear=2026", HttpStatusCode.NotFound);
        await GetAsync(k.Sysu, $"/consortia/{k.Consortium}/balances", HttpStatusCode.Forbidden);
        await GetAsync(k.Auditor, $"/consortia/{k.Consortium}/balances");
        await GetAsync(k.Finance, $"/consortia/{k.Consortium}/reconciliation");
    }
}
