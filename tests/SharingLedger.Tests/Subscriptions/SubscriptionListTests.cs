using System.Text.Json;
using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Subscriptions;

/// <summary>
/// The consortium's list of subscriptions sums each up by its current term (at national size a whole subscription is megabytes), and a
/// term's split is read a page of shares at a time.
/// </summary>
public class SubscriptionListTests(LedgerHost host) : LedgerTest(host)
{
    private static readonly object ByFte = new { rule = new { method = "proportional", attribute = "fte" } };

    private Task<SubscriptionScenario> ThreeMembers() =>
        SubscriptionScenario.Create(Api, ByFte, "CNY", ("A", 500, "400000.00"), ("B", 300, "300000.00"), ("C", 200, "100000.00"));

    private static string Amount(JsonElement e) => e.GetProperty("amount").GetString()!;

    private async Task<JsonElement> Listed(SubscriptionScenario s, string resource) =>
        (await Api.Ok(Api.Get(s.Url))).EnumerateArray().Single(x => x.GetProperty("resource").GetString() == resource);

    [Fact]
    public async Task The_list_sums_up_each_subscription_by_its_current_term()
    {
        var s = await ThreeMembers();
        var renewed = await s.Contract("10000.00", s.Participants("A", "B", "C"), resource: "Academic Search Complete");
        var voided = await s.Contract("3000.00", s.Participants("A", "B", "C"), resource: "Business Source Complete");
        var open = await s.Contract("5000.00", s.Participants("A", "B"), resource: "Computers & Applied Sciences");
        await Api.Ok(s.Invoice(renewed, "9000.00"), 201);
        await Api.Ok(Api.Post($"{s.Url}/{renewed}/renewals", new { termEnd = "2027-12-31", price = new { amount = "9500.00", currency = "CNY" } }));
        var invoice = await Api.Ok(Api.Post($"{s.Url}/{voided}/invoices", new { invoiceNumber = "BSC-1", invoiceDate = "2026-01-15", amount = new { amount = "3000.00", currency = "CNY" } }), 201);
        Assert.Equal(1, invoice.GetProperty("revision").GetInt32());
        await Api.Ok(Api.Post($"{s.Url}/{voided}/terms/1/invoice/voiding", new { invoiceNumber = "BSC-1", reason = "Sent twice", voidedOn = "2026-02-01" }), 201);

        var list = await Api.Ok(Api.Get(s.Url));

        Assert.Equal(["Academic Search Complete", "Business Source Complete", "Computers & Applied Sciences"],
            list.EnumerateArray().Select(x => x.GetProperty("resource").GetString()));
        var first = list[0];
        Assert.Equal((renewed, "EBSCO", 2), (first.GetProperty("id").GetGuid(), first.GetProperty("vendor").GetString(), first.GetProperty("terms").GetInt32()));
        var current = first.GetProperty("current");
        Assert.Equal((2, "2027-01-01", "2027-12-31", "9500.00"), (current.GetProperty("number").GetInt32(), current.GetProperty("start").GetString(),
            current.GetProperty("end").GetString(), Amount(current.GetProperty("price"))));
        Assert.Equal((3, JsonValueKind.Null, JsonValueKind.Null, false), (current.GetProperty("participants").GetInt32(), current.GetProperty("invoice").ValueKind,
            current.GetProperty("split").ValueKind, current.GetProperty("needsDecision").GetBoolean()));
        // The voided invoice leaves its term with no invoice and no split standing.
        var second = list[1].GetProperty("current");
        Assert.Equal((1, JsonValueKind.Null, JsonValueKind.Null), (list[1].GetProperty("terms").GetInt32(), second.GetProperty("invoice").ValueKind, second.GetProperty("split").ValueKind));
        // Nothing of a whole subscription's detail: its terms' participants, apportionments, standalone prices or usage.
        Assert.Equal(["cancelledFrom", "current", "id", "resource", "terms", "vendor"], list[2].EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(2, list[2].GetProperty("current").GetProperty("participants").GetInt32());

        // Invoiced, the list says so at once: 5,000.00 split by FTE 500:300 = 3,125.00 and 1,875.00.
        await Api.Ok(Api.Post($"{s.Url}/{open}/invoices", new { invoiceNumber = "CAS-7", invoiceDate = "2026-03-02", amount = new { amount = "5000.00", currency = "CNY" } }), 201);
        var invoiced = (await Listed(s, "Computers & Applied Sciences")).GetProperty("current");
        Assert.Equal(("CAS-7", "2026-03-02", "5000.00", "5000.00"), (invoiced.GetProperty("invoice").GetProperty("invoiceNumber").GetString(),
            invoiced.GetProperty("invoice").GetProperty("invoiceDate").GetString(), Amount(invoiced.GetProperty("invoice").GetProperty("amount")),
            Amount(invoiced.GetProperty("invoice").GetProperty("baseAmount"))));
        var split = invoiced.GetProperty("split");
        Assert.Equal(("apportioned", 1, "5000.00", "0.00", 2), (split.GetProperty("method").GetString(), split.GetProperty("revision").GetInt32(),
            Amount(split.GetProperty("total")), Amount(split.GetProperty("shortfall")), split.GetProperty("members").GetInt32()));

        // Cancelled, the list says from when.
        await Api.Ok(Api.Post($"{s.Url}/{open}/cancellation", new { effectiveFrom = "2026-07-01", reason = "Little used" }));
        Assert.Equal("2026-07-01", (await Listed(s, "Computers & Applied Sciences")).GetProperty("cancelledFrom").GetString());
    }

    [Fact]
    public async Task A_splits_shares_are_read_a_page_at_a_time_each_explained()
    {
        var s = await ThreeMembers();
        var sub = await s.Contract("10000.00", s.Participants("A", "B", "C"));
        var shares = $"{s.Url}/{sub}/terms/1/shares";
        var before = await Host.Host.Scenario(x => x.Get.Url(shares));
        Assert.Equal(("[]", "0"), (await before.ReadAsTextAsync(), before.Context.Response.Headers["X-Total-Count"].ToString()));
        await Api.Ok(s.Invoice(sub, "9000.00"), 201);

        var page1 = await Host.Host.Scenario(x => x.Get.Url($"{shares}?limit=2"));
        var page2 = await Host.Host.Scenario(x => x.Get.Url($"{shares}?limit=2&offset=2"));

        var lines = (await page1.ReadAsJsonAsync<JsonElement>()).EnumerateArray().Concat((await page2.ReadAsJsonAsync<JsonElement>()).EnumerateArray()).ToList();
        Assert.Equal("3", page1.Context.Response.Headers["X-Total-Count"].ToString());
        Assert.Contains($"<{shares}?limit=2&offset=2>; rel=\"next\"", page1.Context.Response.Headers.Link.ToString());
        // 9,000.00 by FTE 500:300:200.
        Assert.Equal(new Dictionary<string, string> { ["A"] = "4500.00", ["B"] = "2700.00", ["C"] = "1800.00" },
            lines.ToDictionary(l => l.GetProperty("memberCode").GetString()!, l => Amount(l.GetProperty("amount"))));
        Assert.Equal(["1/2", "3/10", "1/5"], lines.OrderBy(l => l.GetProperty("memberCode").GetString()).Select(l => l.GetProperty("weight").GetString()));
        Assert.Equal(await s.Shares(sub), lines.ToDictionary(l => l.GetProperty("memberCode").GetString()!, l => Amount(l.GetProperty("amount"))));
    }

    [Fact]
    public async Task Shares_of_an_unknown_term_or_another_consortiums_subscription_are_not_found()
    {
        var s = await ThreeMembers();
        var other = await ThreeMembers();
        var sub = await s.Contract("10000.00", s.Participants("A", "B", "C"));

        var (unknownTerm, body) = await Api.Get($"{s.Url}/{sub}/terms/2/shares");
        var (elsewhere, _) = await Api.Get($"{other.Url}/{sub}/terms/1/shares");
        var (unknown, _) = await Api.Get($"{s.Url}/{Guid.NewGuid()}/terms/1/shares");
        var (tooMany, _) = await Api.Get($"{s.Url}/{sub}/terms/1/shares?limit=501");
        var (notANumber, _) = await Api.Get($"{s.Url}/{sub}/terms/first/shares");

        Assert.Equal((404, 404, 404, 422, 404), (unknownTerm, elsewhere, unknown, tooMany, notANumber)); // a term is a number: no route matches "first"
        Assert.Equal(404, body.GetProperty("status").GetInt32());
    }
}
