using System.Text.Json;
using SharingLedger.Tests.Ledger;
using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Subscriptions;

/// <summary>
/// "Record the fact, flag the decision" over HTTP (issue 13, item 3): a USD 1,000.00 database of A and B split by usage is
/// invoiced before any usage is reported. The invoice is recorded (the vendor is owed 1,000.00), reconciliation shows the
/// split as needing a decision, and it is resolved either by splitting again once usage is reported (A 600, B 400: 600.00 and
/// 400.00) or by finance's decision (A 500.00, B 400.00, the fund bears 100.00).
/// </summary>
public class NeedsDecisionTests(LedgerHost host) : LedgerTest(host)
{
    private static string Amount(JsonElement e, string name) => e.GetProperty(name).GetProperty("amount").GetString()!;

    private async Task<(SubscriptionScenario S, Guid Sub)> InvoicedBeforeUsage()
    {
        var s = await SubscriptionScenario.Create(Api, new { rule = new { method = "proportional", attribute = "usage" } }, "USD", ("A", 1, "1.00"), ("B", 1, "1.00"));
        var sub = await s.Contract("1000.00", s.Participants("A", "B"), currency: "USD");
        var invoiced = await Api.Ok(s.Invoice(sub, "1000.00", "USD"), 201); // recorded, not refused
        Assert.NotEmpty(invoiced.GetProperty("conflicts").EnumerateArray());
        return (s, sub);
    }

    private async Task<JsonElement> Reconciliation(SubscriptionScenario s) => await Api.Ok(Api.Get($"/consortia/{s.ConsortiumId}/reconciliation?fiscalYear=2026"));

    private async Task<string> Outstanding(SubscriptionScenario s, string code) =>
        Amount((await Api.Ok(Api.Get($"/consortia/{s.ConsortiumId}/balances?asOf=2026-12-31"))).GetProperty("members").EnumerateArray()
            .Single(m => m.GetProperty("memberCode").GetString() == code), "outstanding");

    [Fact]
    public async Task A_usage_split_invoiced_before_usage_is_recorded_flagged_and_split_once_usage_is_reported()
    {
        var (s, sub) = await InvoicedBeforeUsage();
        var report = await Reconciliation(s);
        Assert.Equal((1, false), (report.GetProperty("needsDecision").GetInt32(), report.GetProperty("allBalanced").GetBoolean()));
        Assert.StartsWith("Needs a decision", report.GetProperty("lines")[0].GetProperty("needsDecision").GetString());
        Assert.Equal("-1000.00", ((await LedgerChecks.Postings(Host, s.ConsortiumId)).Where(p => p.Account == "vendor-payable").Sum(p => p.Debit - p.Credit) / 100m).ToString("0.00"));
        Assert.Equal("0.00", await Outstanding(s, "A"));

        foreach (var (code, count) in new[] { ("A", 600), ("B", 400) })
            await Api.Ok(Api.Post($"{s.Url}/{sub}/usage", new { memberId = s.Members[code], periodStart = "2026-01-01", periodEnd = "2026-06-30", count }));
        await Api.Ok(Api.Post($"{s.Url}/{sub}/terms/1/apportionments", new { reason = "Usage reported" }), 201);

        Assert.Equal(new Dictionary<string, string> { ["A"] = "600.00", ["B"] = "400.00" }, await s.Shares(sub));
        report = await Reconciliation(s);
        Assert.Equal((0, true), (report.GetProperty("needsDecision").GetInt32(), report.GetProperty("allBalanced").GetBoolean()));
        Assert.Equal("600.00", await Outstanding(s, "A"));
        await LedgerChecks.AssertBalanced(Host, s.ConsortiumId);
    }

    [Fact]
    public async Task Finance_decides_a_split_the_agreement_cannot_make_and_the_fund_bears_the_rest()
    {
        var (s, sub) = await InvoicedBeforeUsage();
        var url = $"{s.Url}/{sub}/terms/1/split-decision";
        object Shares(string a, string b) => new Dictionary<string, object>
        {
            [s.Members["A"].ToString()] = new { amount = a, currency = "USD" }, [s.Members["B"].ToString()] = new { amount = b, currency = "USD" },
        };
        Assert.Equal(422, (await Api.Post(url, new { reason = "As last year", shares = Shares("700.00", "400.00") })).Status); // 1,100.00 > 1,000.00
        Assert.Equal(422, (await Api.Post(url, new { shares = Shares("500.00", "400.00") })).Status); // no reason

        var decided = await Api.Ok(Api.Post(url, new { reason = "Vendor sent no usage; as last year", shares = Shares("500.00", "400.00") }), 201);
        Assert.Equal("100.00", Amount(decided, "shortfall"));
        Assert.Equal(409, (await Api.Post(url, new { reason = "Again", shares = Shares("500.00", "400.00") })).Status);

        Assert.Equal(("500.00", "400.00"), (await Outstanding(s, "A"), await Outstanding(s, "B")));
        var line = (await Reconciliation(s)).GetProperty("lines")[0];
        Assert.Equal(("900.00", "100.00", true), (Amount(line, "apportioned"), Amount(line, "shortfall"), line.GetProperty("balanced").GetBoolean()));
        var obligations = await Api.Ok(Api.Obligations(s.ConsortiumId, s.Members["A"], 2026));
        var item = obligations.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("kind").GetString() == "subscription");
        Assert.Contains("finance decided", item.GetProperty("explanation").GetString());
        await LedgerChecks.AssertBalanced(Host, s.ConsortiumId);
    }
}
