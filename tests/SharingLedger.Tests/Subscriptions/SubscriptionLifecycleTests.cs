using SharingLedger.Infrastructure.Marten;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using SharingLedger.Subscriptions;
using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Subscriptions;

public class SubscriptionLifecycleTests(LedgerHost host) : LedgerTest(host)
{
    private static readonly object Proportional = new { rule = new { method = "proportional", attribute = "fte" } };

    private Task<SubscriptionScenario> ThreeMembers(object? term = null) =>
        SubscriptionScenario.Create(Api, term ?? Proportional, "CNY", ("A", 500, "400000.00"), ("B", 300, "300000.00"), ("C", 200, "100000.00"));

    [Fact]
    public async Task A_foreign_invoice_is_converted_once_and_shares_add_up_to_the_base_amount()
    {
        var s = await ThreeMembers();
        var sub = await s.Contract("10000.00", s.Participants("A", "B", "C"), currency: "USD");

        var (status, body) = await s.Invoice(sub, "10333.33", "USD", rateToBase: 7.1234m);

        Assert.Equal(201, status);
        // 10333.33 × 7.1234 = 73608.443... rounded half away from zero to 73608.44
        Assert.Equal("73608.44", body.GetProperty("cost").GetProperty("total").GetProperty("amount").GetString());
        var shares = await s.Shares(sub);
        Assert.Equal(7360844, shares.Values.Sum(a => (long)(decimal.Parse(a) * 100)));
        Assert.Equal("36804.22", shares["A"]); // 5/10 of 73608.44
    }

    [Fact]
    public async Task A_foreign_invoice_without_a_rate_is_a_422_and_records_nothing()
    {
        var s = await ThreeMembers();
        var sub = await s.Contract("10000.00", s.Participants("A", "B", "C"), currency: "USD");

        var (status, body) = await s.Invoice(sub, "10000.00", "USD");

        Assert.Equal(422, status);
        Assert.True(body.GetProperty("errors").TryGetProperty("rateToBase", out _));
        var stored = await Api.Ok(Api.Get($"{s.Url}/{sub}"));
        Assert.Equal(JsonValueKindNull, stored.GetProperty("terms")[0].GetProperty("invoice").ValueKind);
        Assert.Equal(1, stored.GetProperty("version").GetInt32());
    }

    private const System.Text.Json.JsonValueKind JsonValueKindNull = System.Text.Json.JsonValueKind.Null;

    [Theory]
    [InlineData("-5.00", "databases", "price.amount")]
    [InlineData("0.00", "databases", "price.amount")]
    [InlineData("100.00", "no-such-term", "sharingTerm")]
    public async Task Bad_contracts_are_422_naming_the_field(string price, string sharingTerm, string field)
    {
        var s = await ThreeMembers();

        var (status, body) = await s.Contracting(price, s.Participants("A", "B"), sharingTerm: sharingTerm);

        Assert.Equal(422, status);
        Assert.True(body.GetProperty("errors").TryGetProperty(field, out _), body.ToString());
        Assert.Equal(0, (await Api.Ok(Api.Get(s.Url))).GetArrayLength());
    }

    [Fact]
    public async Task A_member_listed_twice_or_unknown_is_refused()
    {
        var s = await ThreeMembers();
        var participants = new object[] { new { memberId = s.Members["A"] }, new { memberId = s.Members["A"] }, new { memberId = Guid.NewGuid() } };

        var (status, body) = await s.Contracting("100.00", participants);

        Assert.Equal(422, status);
        Assert.True(body.GetProperty("errors").TryGetProperty("participants[1].memberId", out _));
        Assert.True(body.GetProperty("errors").TryGetProperty("participants[2].memberId", out _));
    }

    [Fact]
    public async Task Usage_outside_the_term_or_for_a_non_participant_is_refused()
    {
        var s = await ThreeMembers();
        var sub = await s.Contract("100.00", s.Participants("A", "B"));

        var outside = await Api.Post($"{s.Url}/{sub}/usage", new { memberId = s.Members["A"], periodStart = "2027-01-01", periodEnd = "2027-01-31", count = 5 });
        var stranger = await Api.Post($"{s.Url}/{sub}/usage", new { memberId = s.Members["C"], periodStart = "2026-01-01", periodEnd = "2026-01-31", count = 5 });

        Assert.Equal(422, outside.Status);
        Assert.True(outside.Body.GetProperty("errors").TryGetProperty("periodStart", out _));
        Assert.Equal(422, stranger.Status);
        Assert.True(stranger.Body.GetProperty("errors").TryGetProperty("memberId", out _));
        Assert.Equal(0, (await Api.Ok(Api.Get($"{s.Url}/{sub}"))).GetProperty("usage").GetArrayLength());
    }

    [Fact]
    public async Task Joining_a_term_one_already_takes_part_in_is_refused()
    {
        var s = await ThreeMembers();
        var sub = await s.Contract("100.00", s.Participants("A", "B"));

        var (status, _) = await Api.Post($"{s.Url}/{sub}/participants", new { memberId = s.Members["B"], effectiveFrom = "2026-06-01" });

        Assert.Equal(422, status);
    }

    [Fact]
    public async Task A_member_leaving_pays_for_its_days_and_the_others_carry_the_rest()
    {
        var s = await SubscriptionScenario.Create(Api, new { rule = new { method = "equal" } }, "CNY", ("A", 1, "1.00"), ("B", 1, "1.00"));
        var sub = await s.Contract("365.00", s.Participants("A", "B"));
        await Api.Ok(s.Invoice(sub, "365.00"), 201);

        await Api.Ok(Api.Post($"{s.Url}/{sub}/participants/{s.Members["B"]}/leave", new { effectiveFrom = "2026-02-01" }));

        // 1 CNY a day: January (31 days) is split, the remaining 334 days fall on A alone.
        var shares = await s.Shares(sub);
        Assert.Equal("15.50", shares["B"]);
        Assert.Equal("349.50", shares["A"]);
        var o = await Api.Ok(Api.Obligations(s.ConsortiumId, s.Members["B"], 2026));
        var item = o.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("kind").GetString() == "subscription");
        Assert.Equal(31, item.GetProperty("daysActive").GetInt32());
    }

    [Fact]
    public async Task Renewal_caps_increases_against_the_previous_terms_shares()
    {
        var s = await ThreeMembers(new { rule = new { method = "equal" }, caps = new { maxIncreasePercent = 10 } });
        var sub = await s.Contract("300.00", s.Participants("A", "B", "C"));
        await Api.Ok(s.Invoice(sub, "300.00"), 201);

        await Api.Ok(Api.Post($"{s.Url}/{sub}/renewals", new { termEnd = "2027-12-31", price = new { amount = "600.00", currency = "CNY" } }));
        var (status, body) = await s.Invoice(sub, "600.00", term: 2);

        Assert.Equal(201, status);
        // Each paid 100.00; capped at 110.00 each, 270.00 nobody may carry is the explicit shortfall.
        Assert.Equal(new Dictionary<string, string> { ["A"] = "110.00", ["B"] = "110.00", ["C"] = "110.00" }, await s.Shares(sub, term: 2));
        Assert.Equal("270.00", body.GetProperty("cost").GetProperty("shortfall").GetProperty("amount").GetString());
    }

    [Fact]
    public async Task Cancelled_subscriptions_cannot_be_renewed_or_cancelled_again()
    {
        var s = await ThreeMembers();
        var sub = await s.Contract("100.00", s.Participants("A"));
        await Api.Ok(Api.Post($"{s.Url}/{sub}/cancellation", new { effectiveFrom = "2026-07-01", reason = "Budget cut" }));

        Assert.Equal(409, (await Api.Post($"{s.Url}/{sub}/cancellation", new { effectiveFrom = "2026-08-01", reason = "Again" })).Status);
        Assert.Equal(409, (await Api.Post($"{s.Url}/{sub}/renewals", new { termEnd = "2027-12-31", price = new { amount = "1.00", currency = "CNY" } })).Status);
    }

    [Fact]
    public async Task Replaying_the_events_gives_the_same_shares()
    {
        var s = await ThreeMembers();
        var sub = await s.Contract("1000.00", s.Participants("A", "B"));
        await Api.Ok(s.Invoice(sub, "1000.00"), 201);
        await Api.Ok(Api.Post($"{s.Url}/{sub}/participants", new { memberId = s.Members["C"], effectiveFrom = "2026-07-01" }));

        await using var session = Host.Host.Services.GetRequiredService<IDocumentStore>().QueryFor(s.ConsortiumId);
        var stored = await session.LoadAsync<Subscription>(sub, TestContext.Current.CancellationToken);
        var replayed = await session.Events.AggregateStreamAsync<Subscription>(sub, token: TestContext.Current.CancellationToken);

        Assert.NotNull(stored);
        Assert.NotNull(replayed);
        Assert.Equal(2, stored.Terms[0].Apportionments.Count);
        Assert.Equal(stored.Terms[0].Latest!.Cost.Lines.Select(l => (l.MemberId, l.Amount)),
            replayed.Terms[0].Latest!.Cost.Lines.Select(l => (l.MemberId, l.Amount)));
        Assert.Equal(stored.Terms[0].Participants, replayed.Terms[0].Participants);
    }
}
