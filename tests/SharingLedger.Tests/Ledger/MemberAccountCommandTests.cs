using System.Text.Json;
using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Ledger;

/// <summary>
/// Payments, credit notes, disputes and write-offs on one member's 250.00 dues (1000.00 split equally among four),
/// each checked through the statement's open items and the council's balances.
/// </summary>
public class MemberAccountCommandTests(LedgerHost host) : LedgerTest(host)
{
    private static object Usd(string amount) => new { amount, currency = "USD" };
    private static string Amount(JsonElement e, string property) => e.GetProperty(property).GetProperty("amount").GetString()!;

    private async Task<(Guid C, Guid A, string DuesItem)> DuesOnly()
    {
        var c = await Api.EstablishConsortium(currency: "USD");
        var ids = new List<Guid>();
        foreach (var code in new[] { "A", "B", "C", "D" }) ids.Add(await Api.AdmitMember(c, code));
        await Api.Ok(Api.AdoptAgreement(c, ids, new { method = "equal" }, annualAmount: "1000.00"), 201);
        await Api.Ok(Api.AssessDues(c, 2026), 201);
        var statement = await Api.Ok(Api.Get($"/consortia/{c}/members/{ids[0]}/statement"));
        var item = statement.GetProperty("openItems")[0].GetProperty("itemId").GetString()!;
        return (c, ids[0], item);
    }

    private async Task<string> Open(Guid c, Guid member)
    {
        var items = (await Api.Ok(Api.Get($"/consortia/{c}/members/{member}/statement"))).GetProperty("openItems").EnumerateArray().ToList();
        return items.Count == 0 ? "0.00" : Amount(items.Single(), "open");
    }

    [Fact]
    public async Task Payments_credits_disputes_and_write_offs_reduce_the_item_and_post_balanced()
    {
        var (c, a, item) = await DuesOnly();
        var account = $"/consortia/{c}/members/{a}/account";
        Assert.StartsWith("dues:", item);
        Assert.Equal("250.00", await Open(c, a));

        var paid = await Api.Ok(Api.Post($"{account}/payments", new
        {
            amount = Usd("100.00"), bankReference = "BANK-7", receivedOn = "2026-02-01", allocations = new[] { new { itemId = item, amount = Usd("100.00") } },
        }), 201);
        Assert.Equal("specified", paid.GetProperty("allocationMethod").GetString());
        Assert.Equal("150.00", await Open(c, a));
        Assert.Equal(409, (await Api.Post($"{account}/payments", new { amount = Usd("5.00"), bankReference = "BANK-7", receivedOn = "2026-02-02" })).Status);
        Assert.NotEqual(201, (await Api.Post($"{account}/payments", new { amount = new { amount = "5.00", currency = "EUR" }, bankReference = "BANK-8", receivedOn = "2026-02-02" })).Status);
        Assert.NotEqual(201, (await Api.Post($"{account}/payments", new
        {
            amount = Usd("500.00"), bankReference = "BANK-9", receivedOn = "2026-02-02", allocations = new[] { new { itemId = item, amount = Usd("400.00") } },
        })).Status);

        await Api.Ok(Api.Post($"{account}/credit-notes", new { amount = Usd("20.00"), reason = "Late database access", itemId = item, issuedOn = "2026-03-01" }), 201);
        Assert.Equal("130.00", await Open(c, a));

        var dispute = await Api.Ok(Api.Post($"{account}/disputes", new { itemId = item, reason = "FTE figure was wrong" }), 201);
        var disputeId = dispute.GetProperty("disputeId").GetGuid();
        Assert.Equal(409, (await Api.Post($"{account}/disputes", new { itemId = item, reason = "again" })).Status);
        Assert.Equal("130.00", await Open(c, a)); // raising a dispute posts nothing
        await Api.Ok(Api.Post($"{account}/disputes/{disputeId}/resolution", new { upheld = true, credit = Usd("30.00"), reason = "FTE corrected", resolvedOn = "2026-03-15" }));
        Assert.Equal("100.00", await Open(c, a));
        Assert.Equal(409, (await Api.Post($"{account}/disputes/{disputeId}/resolution", new { upheld = false, reason = "again" })).Status);
        Assert.Equal(404, (await Api.Post($"{account}/disputes/{Guid.NewGuid()}/resolution", new { upheld = false, reason = "none" })).Status);

        Assert.NotEqual(201, (await Api.Post($"{account}/write-offs", new { amount = Usd("100.01"), reason = "Closed library", approvedOn = "2026-06-30" })).Status);
        await Api.Ok(Api.Post($"{account}/write-offs", new { amount = Usd("100.00"), reason = "Closed library", approvedOn = "2026-06-30" }), 201);
        Assert.Equal("0.00", await Open(c, a));

        var balances = await Api.Ok(Api.Get($"/consortia/{c}/balances?asOf=2026-12-31"));
        var row = balances.GetProperty("members").EnumerateArray().Single(m => m.GetProperty("memberId").GetGuid() == a);
        Assert.Equal(("250.00", "100.00", "150.00", "0.00"), (Amount(row, "assessed"), Amount(row, "paid"), Amount(row, "credits"), Amount(row, "outstanding")));
        var asOfFebruary = await Api.Ok(Api.Get($"/consortia/{c}/members/{a}/statement?asOf=2026-02-28"));
        Assert.Equal("150.00", Amount(asOfFebruary, "balance"));

        await LedgerChecks.AssertBalanced(Host, c);
        await LedgerChecks.AssertRebuildEqualsStored(Host, c);
    }

    [Fact]
    public async Task A_rejected_dispute_posts_nothing_and_unknown_items_and_members_are_refused()
    {
        var (c, a, item) = await DuesOnly();
        var account = $"/consortia/{c}/members/{a}/account";
        var dispute = (await Api.Ok(Api.Post($"{account}/disputes", new { itemId = item, reason = "Not ours" }), 201)).GetProperty("disputeId").GetGuid();
        await Api.Ok(Api.Post($"{account}/disputes/{dispute}/resolution", new { upheld = false, reason = "Figures confirmed" }));
        Assert.Equal("250.00", await Open(c, a));

        Assert.NotEqual(201, (await Api.Post($"{account}/disputes", new { itemId = "dues:nothing", reason = "?" })).Status);
        Assert.Equal(404, (await Api.Post($"/consortia/{c}/members/{Guid.NewGuid()}/account/payments", new { amount = Usd("1.00"), bankReference = "X", receivedOn = "2026-01-01" })).Status);
        Assert.Equal(404, (await Api.Get($"/consortia/{c}/members/{Guid.NewGuid()}/statement")).Status);

        // An unallocated payment goes oldest first; more than is owed is held on account.
        var paid = await Api.Ok(Api.Post($"{account}/payments", new { amount = Usd("300.00"), bankReference = "BANK-1", receivedOn = "2026-04-01" }), 201);
        Assert.Equal("oldest-first", paid.GetProperty("allocationMethod").GetString());
        Assert.Equal("250.00", Amount(paid.GetProperty("allocations")[0], "amount"));
        var statement = await Api.Ok(Api.Get($"/consortia/{c}/members/{a}/statement"));
        Assert.Equal("-50.00", Amount(statement, "balance"));
        await LedgerChecks.AssertBalanced(Host, c);
    }
}
