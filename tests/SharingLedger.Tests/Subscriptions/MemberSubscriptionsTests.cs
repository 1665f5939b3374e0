using System.Text.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using SharingLedger.Infrastructure.Marten;
using SharingLedger.Subscriptions;
using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Subscriptions;

/// <summary>
/// A member's own subscriptions are read from rows kept per member and subscription (at national size the documents are megabytes
/// each): every change of a subscription (an invoice, a void, a member leaving, a renewal, a member joining) shows in each member's
/// list at once, and a database whose subscriptions have no rows yet answers the same from the documents.
/// </summary>
public class MemberSubscriptionsTests(LedgerHost host) : LedgerTest(host)
{
    private static string Amount(JsonElement e) => e.GetProperty("amount").GetString()!;

    // Asked for by limit: worked out each time (the first page alone is stored and sent again until a subscription changes).
    private async Task<JsonElement> ListOf(SubscriptionScenario s, string code, string query = "limit=100") =>
        await Api.Ok(Api.Get($"/consortia/{s.ConsortiumId}/members/{s.Members[code]}/subscriptions?{query}"));

    private static string Owed(JsonElement term) => Amount(term.GetProperty("share").GetProperty("amount"));

    private static JsonElement Term(JsonElement subscription, int number) =>
        subscription.GetProperty("terms").EnumerateArray().Single(t => t.GetProperty("term").GetInt32() == number);

    private static (string From, string To) Days(JsonElement term) =>
        (term.GetProperty("takesPart")[0].GetProperty("from").GetString()!, term.GetProperty("takesPart")[0].GetProperty("to").GetString()!);

    private static decimal Share(JsonElement list, int term) => decimal.Parse(Owed(Term(list[0], term)));

    /// <summary>
    /// Equal rule, members A, B, C, D. "Academic Search Complete" (9,000.00, A, B and C, 2026) invoiced: 3,000.00 each. "Business Source
    /// Complete" (3,000.00, A and B) invoiced, then the invoice voided. C leaves from 2026-07-01: the term is split day by day, 181 days
    /// among three, 184 among two: C's share 181/365 × 9,000.00 / 3 = 1,487.67. Renewed for 2027 (A and B, those taking part on the last
    /// day), D joins from 2027-07-01 and the term is invoiced at 12,000.00: 181 days among two, 184 among three: D 184/365 × 12,000.00 / 3
    /// = 2,016.44, A and B 4,991.78 each.
    /// </summary>
    [Fact]
    public async Task A_members_list_follows_every_change_of_its_subscriptions()
    {
        var s = await SubscriptionScenario.Create(Api, new { rule = new { method = "equal" } }, "CNY",
            ("A", 1, "1.00"), ("B", 1, "1.00"), ("C", 1, "1.00"), ("D", 1, "1.00"));
        var asc = await s.Contract("9000.00", s.Participants("A", "B", "C"), resource: "Academic Search Complete");
        var bsc = await s.Contract("3000.00", s.Participants("A", "B"), resource: "Business Source Complete");
        await Api.Ok(s.Invoice(asc, "9000.00"), 201);
        await Api.Ok(Api.Post($"{s.Url}/{bsc}/invoices", new { invoiceNumber = "BSC-1", invoiceDate = "2026-01-15", amount = new { amount = "3000.00", currency = "CNY" } }), 201);
        Assert.Equal("1500.00", Owed(Term((await ListOf(s, "A"))[1], 1)));
        await Api.Ok(Api.Post($"{s.Url}/{bsc}/terms/1/invoice/voiding", new { invoiceNumber = "BSC-1", reason = "Sent twice", voidedOn = "2026-02-01" }), 201);

        var ofA = await ListOf(s, "A");
        Assert.Equal([(asc, "Academic Search Complete"), (bsc, "Business Source Complete")],
            ofA.EnumerateArray().Select(x => (x.GetProperty("subscriptionId").GetGuid(), x.GetProperty("resource").GetString())));
        Assert.Equal(("3000.00", "1/3"), (Owed(Term(ofA[0], 1)), Term(ofA[0], 1).GetProperty("share").GetProperty("weight").GetString()));
        var voided = Term(ofA[1], 1);
        Assert.Equal((JsonValueKind.Null, JsonValueKind.Null), (voided.GetProperty("invoice").ValueKind, voided.GetProperty("share").ValueKind));
        Assert.Equal(0, (await ListOf(s, "D")).GetArrayLength());

        // A page at a time, by resource.
        var second = await Host.Host.Scenario(x => x.Get.Url($"/consortia/{s.ConsortiumId}/members/{s.Members["A"]}/subscriptions?limit=1&offset=1"));
        Assert.Equal("2", second.Context.Response.Headers["X-Total-Count"].ToString());
        Assert.Equal(bsc, Assert.Single((await second.ReadAsJsonAsync<JsonElement>()).EnumerateArray()).GetProperty("subscriptionId").GetGuid());

        // C leaves from 2026-07-01.
        await Api.Ok(Api.Post($"{s.Url}/{asc}/participants/{s.Members["C"]}/leave", new { effectiveFrom = "2026-07-01" }));
        var ofC = await ListOf(s, "C");
        var left = Term(Assert.Single(ofC.EnumerateArray()), 1);
        Assert.Equal(("2026-01-01", "2026-06-30"), Days(left));
        Assert.Equal(("1487.67", 181), (Owed(left), left.GetProperty("share").GetProperty("daysActive").GetInt32()));
        Assert.Equal(9000.00m, Share(await ListOf(s, "A"), 1) + Share(await ListOf(s, "B"), 1) + Share(ofC, 1));

        // Renewed for 2027 with A and B; D joins from 2027-07-01, then the term is invoiced.
        await Api.Ok(Api.Post($"{s.Url}/{asc}/renewals", new { termEnd = "2027-12-31", price = new { amount = "12000.00", currency = "CNY" } }));
        await Api.Ok(Api.Post($"{s.Url}/{asc}/participants", new { memberId = s.Members["D"], effectiveFrom = "2027-07-01" }));
        var ofD = await ListOf(s, "D");
        var joined = Term(Assert.Single(ofD.EnumerateArray()), 2);
        Assert.Equal((1, ("2027-07-01", "2027-12-31"), JsonValueKind.Null), (ofD[0].GetProperty("terms").GetArrayLength(), Days(joined), joined.GetProperty("share").ValueKind));
        Assert.Equal([1, 2], (await ListOf(s, "A"))[0].GetProperty("terms").EnumerateArray().Select(t => t.GetProperty("term").GetInt32()));
        Assert.Equal([1], (await ListOf(s, "C"))[0].GetProperty("terms").EnumerateArray().Select(t => t.GetProperty("term").GetInt32()));

        await Api.Ok(s.Invoice(asc, "12000.00", term: 2), 201);
        Assert.Equal(2016.44m, Share(await ListOf(s, "D"), 2));
        Assert.Equal((4991.78m, 4991.78m), (Share(await ListOf(s, "A"), 2), Share(await ListOf(s, "B"), 2)));
        Assert.Equal("12000.00", Amount(Term((await ListOf(s, "D"))[0], 2).GetProperty("invoice").GetProperty("baseAmount")));
    }

    /// <summary>
    /// A subscription whose rows are not kept in today's shape (a database from before they were, or from before the view changed
    /// shape; simulated by deleting its rows and giving its outline the shape before): the member's list and what is owed to the
    /// vendor are worked out from the documents, the same answers; the subscription's next event keeps its rows again.
    /// </summary>
    [Fact]
    public async Task Subscriptions_without_kept_rows_answer_the_same_from_their_documents()
    {
        var s = await SubscriptionScenario.Create(Api, new { rule = new { method = "equal" } }, "CNY", ("A", 1, "1.00"), ("B", 1, "1.00"), ("C", 1, "1.00"));
        var asc = await s.Contract("9000.00", s.Participants("A", "B", "C"), resource: "Academic Search Complete");
        var bsc = await s.Contract("3000.00", s.Participants("A", "B"), resource: "Business Source Complete");
        await Api.Ok(s.Invoice(asc, "9000.00"), 201);
        var kept = (await ListOf(s, "A")).GetRawText();
        Assert.Equal("3000.00", Owed(Term((await ListOf(s, "A"))[0], 1)));
        var payables = (await Api.Ok(Api.Get($"/consortia/{s.ConsortiumId}/vendor-payables"))).GetRawText();
        Assert.Contains("\"owed\":{\"amount\":\"9000.00\"", payables);

        var store = Host.Host.Services.GetRequiredService<IDocumentStore>();
        await using (var session = store.LightweightSession(ConsortiumTenancy.TenantOf(s.ConsortiumId)))
        {
            session.DeleteWhere<MemberSubscription>(x => x.SubscriptionId == asc);
            session.Store(new SubscriptionOutline { Id = asc, ConsortiumId = s.ConsortiumId, Shape = MemberSubscriptions.Shape - 1 });
            await session.SaveChangesAsync(TestContext.Current.CancellationToken);
        }
        Assert.Equal(kept, (await ListOf(s, "A")).GetRawText());
        Assert.Equal(kept, (await ListOf(s, "A", "limit=2&offset=0")).GetRawText());
        Assert.Equal(payables, (await Api.Ok(Api.Get($"/consortia/{s.ConsortiumId}/vendor-payables"))).GetRawText());

        // The first subscription's next event keeps its rows again: B's invoice shows.
        await Api.Ok(Api.Post($"{s.Url}/{asc}/participants/{s.Members["C"]}/leave", new { effectiveFrom = "2026-12-31" }));
        await Api.Ok(s.Invoice(bsc, "3000.00"), 201);
        await using (var session = store.QuerySession(ConsortiumTenancy.TenantOf(s.ConsortiumId)))
        {
            var ct = TestContext.Current.CancellationToken;
            Assert.Equal(MemberSubscriptions.Shape, (await session.LoadAsync<SubscriptionOutline>(asc, ct))!.Shape);
            Assert.Equal(3, await session.Query<MemberSubscription>().CountAsync(x => x.SubscriptionId == asc, ct));
        }
        var after = await ListOf(s, "A");
        Assert.Equal([asc, bsc], after.EnumerateArray().Select(x => x.GetProperty("subscriptionId").GetGuid()));
        Assert.Equal("1500.00", Owed(Term(after[1], 1)));
        Assert.Equal(after.GetRawText(), (await ListOf(s, "A", "")).GetRawText());
    }

    /// <summary>
    /// A member's savings come from the same rows. Equal rule, A, B and C. "Academic Search Complete" (9,000.00, all three; A alone would
    /// pay 5,000.00) invoiced: A's share 3,000.00, saving 2,000.00. "Business Source Complete" (3,000.00, A and B; A alone 1,000.00) not
    /// invoiced: no share, no saving yet; invoiced: A's share 1,500.00, 500.00 more than alone. Totals 6,000.00, 4,500.00, 1,500.00.
    /// The same once the first subscription's rows are gone (answered from the documents).
    /// </summary>
    [Fact]
    public async Task A_members_savings_compare_its_shares_with_what_it_would_pay_alone()
    {
        var s = await SubscriptionScenario.Create(Api, new { rule = new { method = "equal" } }, "CNY", ("A", 1, "1.00"), ("B", 1, "1.00"), ("C", 1, "1.00"));
        var asc = await s.Contract("9000.00", s.Participants("A", "B", "C"), resource: "Academic Search Complete",
            standalonePrices: new Dictionary<Guid, object> { [s.Members["A"]] = new { amount = "5000.00", currency = "CNY" } });
        var bsc = await s.Contract("3000.00", s.Participants("A", "B"), resource: "Business Source Complete",
            standalonePrices: new Dictionary<Guid, object> { [s.Members["A"]] = new { amount = "1000.00", currency = "CNY" } });
        await Api.Ok(s.Invoice(asc, "9000.00"), 201);
        var url = $"/consortia/{s.ConsortiumId}/members/{s.Members["A"]}/savings";

        var one = await Api.Ok(Api.Get(url));
        var term = Assert.Single(one.GetProperty("terms").EnumerateArray());
        Assert.Equal((asc, 1, "5000.00", "3000.00", "2000.00"), (term.GetProperty("subscriptionId").GetGuid(), term.GetProperty("term").GetInt32(),
            Amount(term.GetProperty("standalonePrice")), Amount(term.GetProperty("share")), Amount(term.GetProperty("saving"))));

        await Api.Ok(s.Invoice(bsc, "3000.00"), 201);
        var both = await Api.Ok(Api.Get(url));
        Assert.Equal(["Academic Search Complete", "Business Source Complete"], both.GetProperty("terms").EnumerateArray().Select(t => t.GetProperty("resource").GetString()));
        Assert.Equal(["2000.00", "-500.00"], both.GetProperty("terms").EnumerateArray().Select(t => Amount(t.GetProperty("saving"))));
        Assert.Equal(("6000.00", "4500.00", "1500.00"), (Amount(both.GetProperty("totalStandalone")), Amount(both.GetProperty("totalShares")),
            Amount(both.GetProperty("totalSaving"))));
        Assert.Equal(0, (await Api.Ok(Api.Get($"/consortia/{s.ConsortiumId}/members/{s.Members["C"]}/savings"))).GetProperty("terms").GetArrayLength());

        await using (var session = Host.Host.Services.GetRequiredService<IDocumentStore>().LightweightSession(ConsortiumTenancy.TenantOf(s.ConsortiumId)))
        {
            session.DeleteWhere<MemberSubscription>(x => x.SubscriptionId == asc);
            session.Store(new SubscriptionOutline { Id = asc, ConsortiumId = s.ConsortiumId, Shape = MemberSubscriptions.Shape - 1 });
            await session.SaveChangesAsync(TestContext.Current.CancellationToken);
        }
        Assert.Equal(both.GetRawText(), (await Api.Ok(Api.Get(url))).GetRawText());
    }
}
