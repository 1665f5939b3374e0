using System.Text.Json;
using SharingLedger.Tests.Subscriptions;
using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Obligations;

/// <summary>
/// "What did we tell member A on 31 March about 2026?": the obligations query with <c>knownAt</c> answers from the events
/// recorded up to that instant. The dues are recorded with the clock at 1 March 2026, the subscription at the suite's
/// "now" (27 November 2026). Runs alone because it moves the shared test clock.
/// </summary>
[Collection("alone")]
public class ObligationsAsKnownTests(LedgerHost host) : LedgerTest(host)
{
    [Fact]
    public async Task Obligations_as_known_at_an_instant_show_only_what_was_recorded_by_then()
    {
        Guid c, a, b;
        Host.Clock.Reset(NodaTime.Instant.FromUtc(2026, 3, 1, 0, 0));
        try
        {
            c = await Api.EstablishConsortium(currency: "USD");
            a = await Api.AdmitMember(c, "A");
            b = await Api.AdmitMember(c, "B");
            await Api.Ok(Api.Post($"/consortia/{c}/agreement/versions", new
            {
                version = 1, effectiveFrom = "2025-01-01", signatories = new[] { a, b },
                dues = new { annualAmount = new { amount = "1000.00", currency = "USD" }, rule = new { method = "equal" } },
                costSharing = new Dictionary<string, object> { ["databases"] = new { rule = new { method = "equal" } } },
            }), 201);
            await Api.Ok(Api.AssessDues(c, 2026), 201); // 1000.00 / 2 = 500.00 each
        }
        finally
        {
            Host.Clock.Reset(LedgerHost.Now);
        }

        var subs = new SubscriptionScenario(Api, c, new Dictionary<string, Guid> { ["A"] = a, ["B"] = b });
        var sub = await subs.Contract("876.00", subs.Participants("A", "B"), currency: "USD");
        await Api.Ok(subs.Invoice(sub, "876.00", currency: "USD"), 201); // 876.00 / 2 = 438.00 each

        var now = await Obligations(c, a, null);
        Assert.Equal(["dues", "subscription"], Kinds(now));
        Assert.Equal("938.00", Total(now)); // 500.00 + 438.00

        var march = await Obligations(c, a, "2026-03-31T00:00:00Z");
        Assert.Equal(["dues"], Kinds(march));
        Assert.Equal("500.00", Total(march));
        Assert.Equal("2026-03-31T00:00:00Z", march.GetProperty("knownAt").GetString());

        var february = await Obligations(c, a, "2026-02-01T00:00:00Z");
        Assert.Empty(Kinds(february));
        Assert.Equal("0.00", Total(february));

        Assert.Equal(400, (await Api.Get($"/consortia/{c}/members/{a}/obligations?fiscalYear=2026&knownAt=31-03-2026")).Status);
    }

    private async Task<JsonElement> Obligations(Guid c, Guid m, string? knownAt) =>
        await Api.Ok(Api.Get($"/consortia/{c}/members/{m}/obligations?fiscalYear=2026{(knownAt is null ? "" : "&knownAt=" + knownAt)}"));

    private static List<string> Kinds(JsonElement o) =>
        o.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("kind").GetString()!).Order().ToList();

    private static string Total(JsonElement o) => o.GetProperty("total").GetProperty("amount").GetString()!;
}
