using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Subscriptions;

/// <summary>Shared cases from cost-sharing.json (tests/SharingLedger.Kernel.Tests/Cases, a copy of ../shared/cases), recorded as events over HTTP and read back.</summary>
public class SubscriptionCaseTests(LedgerHost host) : LedgerTest(host)
{
    /// <summary>member-joins-on-april-first: 27000 CNY over 2026, A, B, C all year and D from April 1st.</summary>
    [Fact]
    public async Task Member_joining_on_april_first_is_prorated_and_the_others_credited()
    {
        var s = await SubscriptionScenario.Create(Api, new { rule = new { method = "equal" } }, "CNY",
            ("A", 1, "1.00"), ("B", 1, "1.00"), ("C", 1, "1.00"), ("D", 1, "1.00"));
        var sub = await s.Contract("27000.00", s.Participants("A", "B", "C"));
        await Api.Ok(s.Invoice(sub, "27000.00"), 201);
        Assert.Equal(["9000.00", "9000.00", "9000.00"], (await s.Shares(sub)).Values.Order());

        await Api.Ok(Api.Post($"{s.Url}/{sub}/participants", new { memberId = s.Members["D"], effectiveFrom = "2026-04-01" }));

        var shares = await s.Shares(sub);
        Assert.Equal("5085.62", shares["D"]);
        // The case's extra cent goes to A, the id that sorts first; here ids are GUIDs, so find the first.
        var first = s.CodesByIdOrder("A", "B", "C")[0];
        foreach (var code in new[] { "A", "B", "C" }) Assert.Equal(code == first ? "7304.80" : "7304.79", shares[code]);

        var revision = (await Api.Ok(Api.Get($"{s.Url}/{sub}"))).GetProperty("terms")[0].GetProperty("apportionments")[1];
        Assert.Equal(2, revision.GetProperty("revision").GetInt32());
        var credits = revision.GetProperty("adjustments").EnumerateArray()
            .ToDictionary(a => a.GetProperty("memberCode").GetString()!, a => a.GetProperty("difference").GetProperty("amount").GetString());
        Assert.Equal(first == "A" ? "-1695.20" : "-1695.21", credits["A"]);
        Assert.Equal("5085.62", credits["D"]);
    }

    /// <summary>increase-cap-with-redistribution: caps at 110% of last term's 100000, 70000, 15000.</summary>
    [Fact]
    public async Task Increase_caps_pin_members_and_spread_the_excess()
    {
        var s = await SubscriptionScenario.Create(Api,
            new { rule = new { method = "proportional", attribute = "fte" }, caps = new { maxIncreasePercent = 10 } }, "USD",
            ("A", 60, "1.00"), ("B", 30, "1.00"), ("C", 10, "1.00"));
        var previous = SubscriptionScenario.Money("USD",
            (s.Members["A"].ToString(), "100000.00"), (s.Members["B"].ToString(), "70000.00"), (s.Members["C"].ToString(), "15000.00"));
        var sub = await s.Contract("200000.00", s.Participants("A", "B", "C"), previousShares: previous, currency: "USD");

        await Api.Ok(s.Invoice(sub, "200000.00", "USD"), 201);

        Assert.Equal(new Dictionary<string, string> { ["A"] = "110000.00", ["B"] = "73500.00", ["C"] = "16500.00" }, await s.Shares(sub));
        var o = await Api.Ok(Api.Obligations(s.ConsortiumId, s.Members["A"], 2026));
        var item = o.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("kind").GetString() == "subscription");
        Assert.Equal("110000.00", item.GetProperty("capApplied").GetProperty("amount").GetString());
        Assert.Contains("Capped at 110000.00 USD", item.GetProperty("explanation").GetString());
    }

    /// <summary>three-year-phase-in-year-one: from 30/70 towards FTE 24/76 over three years.</summary>
    [Fact]
    public async Task Phase_in_year_one_moves_a_third_of_the_way()
    {
        var s = await SubscriptionScenario.Create(Api,
            new { rule = new { method = "proportional", attribute = "fte" }, phaseInYears = 3 }, "USD",
            ("A", 24, "1.00"), ("B", 76, "1.00"));
        var previous = SubscriptionScenario.Money("USD", (s.Members["A"].ToString(), "300000.00"), (s.Members["B"].ToString(), "700000.00"));
        var sub = await s.Contract("1000000.00", s.Participants("A", "B"), previousShares: previous, phaseInYear: 1, currency: "USD");

        await Api.Ok(s.Invoice(sub, "1000000.00", "USD"), 201);

        Assert.Equal(new Dictionary<string, string> { ["A"] = "280000.00", ["B"] = "720000.00" }, await s.Shares(sub));
    }

    /// <summary>half-fte-half-usage, with usage reported per member before the split.</summary>
    [Fact]
    public async Task Half_fte_half_usage_reads_the_reported_usage()
    {
        var s = await SubscriptionScenario.Create(Api,
            new { rule = new { method = "weighted", equalBase = 0m, weights = new Dictionary<string, decimal> { ["fte"] = 0.5m, ["usage"] = 0.5m } } }, "USD",
            ("A", 12000, "1.00"), ("B", 6000, "1.00"), ("C", 2000, "1.00"));
        var sub = await s.Contract("60000.00", s.Participants("A", "B", "C"), currency: "USD");
        foreach (var (code, count) in new[] { ("A", 30000L), ("B", 45000L), ("C", 25000L) })
            await Api.Ok(Api.Post($"{s.Url}/{sub}/usage", new { memberId = s.Members[code], periodStart = "2026-01-01", periodEnd = "2026-01-31", count }));

        await Api.Ok(s.Invoice(sub, "60000.00", "USD"), 201);

        Assert.Equal(new Dictionary<string, string> { ["A"] = "27000.00", ["B"] = "22500.00", ["C"] = "10500.00" }, await s.Shares(sub));
    }
}
