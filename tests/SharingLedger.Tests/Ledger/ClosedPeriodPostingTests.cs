using System.Text.Json;
using Alba;
using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Ledger;

/// <summary>
/// A fact dated in a closed period is posted on the first day of the first open period after it, as an adjustment
/// naming the closed period; a closed period's statement never changes; reopening lets facts land in their own month.
/// The test clock stands at 2026-11-27: September and October 2026 are over and can be closed.
/// </summary>
public class ClosedPeriodPostingTests(LedgerHost host) : LedgerTest(host)
{
    private Task<(Guid Consortium, Guid A)> DuesOf500Each() => DuesOf500Each(Api);

    /// <summary>A consortium of A and B whose 2026 dues are 500.00 each, dated 2026-01-01 (also the postings rebuild's test's).</summary>
    internal static async Task<(Guid Consortium, Guid A)> DuesOf500Each(LedgerApi api)
    {
        var c = await api.EstablishConsortium(currency: "USD");
        var a = await api.AdmitMember(c, "A");
        var b = await api.AdmitMember(c, "B");
        await api.Ok(api.Post($"/consortia/{c}/agreement/versions", new
        {
            version = 1, effectiveFrom = "2025-01-01", signatories = new[] { a, b },
            dues = new { annualAmount = new { amount = "1000.00", currency = "USD" }, rule = new { method = "equal" } },
        }), 201);
        await api.Ok(api.AssessDues(c, 2026), 201); // 500.00 each, dated 2026-01-01
        return (c, a);
    }

    private Task<(int Status, JsonElement Body)> Pay(Guid c, Guid member, string amount, string reference, string receivedOn) =>
        Pay(Api, c, member, amount, reference, receivedOn);

    internal static Task<(int Status, JsonElement Body)> Pay(LedgerApi api, Guid c, Guid member, string amount, string reference, string receivedOn) =>
        api.Post($"/consortia/{c}/members/{member}/account/payments", new
        {
            amount = new { amount, currency = "USD" }, bankReference = reference, receivedOn,
        });

    private async Task<List<JsonElement>> Lines(Guid c, Guid member, string? asOf = null) =>
        (await Api.Ok(Api.Get($"/consortia/{c}/members/{member}/statement{(asOf is null ? "" : "?asOf=" + asOf)}")))
            .GetProperty("lines").EnumerateArray().ToList();

    private static JsonElement PaymentLine(List<JsonElement> lines, string reference) =>
        lines.Single(l => l.GetProperty("memo").GetString()!.Contains(reference));

    [Fact]
    public async Task A_payment_dated_in_a_closed_month_is_an_adjustment_in_the_first_open_month()
    {
        var (c, a) = await DuesOf500Each();
        var octoberBefore = await Api.Ok(Api.Get($"/consortia/{c}/members/{a}/statement?asOf=2026-10-31"));
        await Api.Ok(Api.Post($"/consortia/{c}/periods/2026-09/closing", new { }));
        await Api.Ok(Api.Post($"/consortia/{c}/periods/2026-10/closing", new { }));

        await Api.Ok(Pay(c, a, "100.00", "LATE-OCT", "2026-10-15"), 201);
        await Api.Ok(Pay(c, a, "30.00", "LATE-SEP", "2026-09-10"), 201);

        var lines = await Lines(c, a);
        var october = PaymentLine(lines, "LATE-OCT");
        Assert.Equal("2026-11-01", october.GetProperty("date").GetString());
        Assert.Equal("2026-10-15", october.GetProperty("factDate").GetString());
        Assert.Equal("2026-11", october.GetProperty("period").GetString());
        Assert.Equal("2026-10", october.GetProperty("adjustsPeriod").GetString());
        // both September and October are closed: November is the first open month after September
        var september = PaymentLine(lines, "LATE-SEP");
        Assert.Equal("2026-11-01", september.GetProperty("date").GetString());
        Assert.Equal("2026-09", september.GetProperty("adjustsPeriod").GetString());
        // the dues were recorded before any closing: in their own month
        var dues = lines.Single(l => l.GetProperty("eventType").GetString() == "DuesAssessed");
        Assert.Equal("2026-01", dues.GetProperty("period").GetString());
        Assert.Equal(JsonValueKind.Null, dues.GetProperty("adjustsPeriod").ValueKind);

        // what the closed month showed is what it still shows: 500.00 owed, no payment
        var octoberAfter = await Api.Ok(Api.Get($"/consortia/{c}/members/{a}/statement?asOf=2026-10-31"));
        Assert.Equal(octoberBefore.GetProperty("balance").GetProperty("amount").GetString(),
            octoberAfter.GetProperty("balance").GetProperty("amount").GetString());
        Assert.Equal("500.00", octoberAfter.GetProperty("balance").GetProperty("amount").GetString());
        Assert.DoesNotContain(octoberAfter.GetProperty("lines").EnumerateArray(), l => l.GetProperty("eventType").GetString() == "PaymentReceived");
        var november = await Api.Ok(Api.Get($"/consortia/{c}/members/{a}/statement?asOf=2026-11-01"));
        Assert.Equal("370.00", november.GetProperty("balance").GetProperty("amount").GetString());

        var csv = await (await Host.Host.Scenario(s => s.Get.Url($"/consortia/{c}/members/{a}/statement.csv"))).ReadAsTextAsync();
        Assert.Contains(csv.Split('\n'), row => row.Contains("LATE-OCT") && row.EndsWith(",2026-10-15,2026-11,2026-10"));

        // the council's ledger of postings says the same, for both sides of the payment
        var ledger = (await Api.Ok(Api.Get($"/consortia/{c}/postings"))).EnumerateArray()
            .Where(p => p.GetProperty("memo").GetString()!.Contains("LATE-OCT")).ToList();
        Assert.Equal(2, ledger.Count); // Dr bank, Cr the member's receivable
        Assert.All(ledger, p => Assert.Equal(("2026-11", "2026-10", "2026-10-15"),
            (p.GetProperty("period").GetString(), p.GetProperty("adjustsPeriod").GetString(), p.GetProperty("factDate").GetString())));

        await LedgerChecks.AssertBalanced(Host, c);
        await LedgerChecks.AssertRebuildEqualsStored(Host, c);
    }

    [Fact]
    public async Task After_reopening_a_fact_lands_in_its_own_month_and_earlier_adjustments_stay_where_they_were_posted()
    {
        var (c, a) = await DuesOf500Each();
        await Api.Ok(Api.Post($"/consortia/{c}/periods/2026-10/closing", new { }));
        await Api.Ok(Pay(c, a, "100.00", "WHILE-CLOSED", "2026-10-15"), 201);
        await Api.Ok(Api.Post($"/consortia/{c}/periods/2026-10/reopening", new { reason = "Bank statement arrived late" }));
        await Api.Ok(Pay(c, a, "50.00", "AFTER-REOPEN", "2026-10-20"), 201);

        var lines = await Lines(c, a);
        var reopened = PaymentLine(lines, "AFTER-REOPEN");
        Assert.Equal("2026-10-20", reopened.GetProperty("date").GetString());
        Assert.Equal("2026-10", reopened.GetProperty("period").GetString());
        Assert.Equal(JsonValueKind.Null, reopened.GetProperty("adjustsPeriod").ValueKind);
        var earlier = PaymentLine(lines, "WHILE-CLOSED");
        Assert.Equal("2026-11", earlier.GetProperty("period").GetString());
        Assert.Equal("2026-10", earlier.GetProperty("adjustsPeriod").GetString());

        var october = await Api.Ok(Api.Get($"/consortia/{c}/members/{a}/statement?asOf=2026-10-31"));
        Assert.Equal("450.00", october.GetProperty("balance").GetProperty("amount").GetString());

        // a rebuild places each posting by the periods closed when its event was recorded, not by today's
        await LedgerChecks.AssertRebuildEqualsStored(Host, c);
    }
}
