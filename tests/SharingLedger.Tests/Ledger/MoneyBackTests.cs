using System.Text.Json;
using SharingLedger.Tests.Loans;
using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Ledger;

/// <summary>
/// Money that moves back out (issue 13, items 1 and 2): a payment reversed, an overpayment refunded, and what the
/// consortium owes a net lender paid out or applied to its bill. Every figure is worked out by hand in the test from the
/// agreement's terms (dues 1,000.00 split equally; a normal loan 15.00 to the lender plus a 0.26 transaction fee).
/// </summary>
public class MoneyBackTests(LedgerHost host) : LedgerTest(host)
{
    private static string Amount(JsonElement e, string name) => e.GetProperty(name).GetProperty("amount").GetString()!;

    private async Task<(Guid Consortium, Dictionary<string, Guid> Members)> DuesOf250Each()
    {
        var c = await Api.EstablishConsortium(currency: "USD");
        var ids = new Dictionary<string, Guid>();
        foreach (var code in new[] { "A", "B", "C", "D" }) ids[code] = await Api.AdmitMember(c, code);
        await Api.Ok(Api.Post($"/consortia/{c}/agreement/versions", new
        {
            version = 1, effectiveFrom = "2025-01-01", signatories = ids.Values,
            dues = new { annualAmount = new { amount = "1000.00", currency = "USD" }, rule = new { method = "equal" } },
        }), 201);
        await Api.Ok(Api.AssessDues(c, 2026), 201);
        return (c, ids);
    }

    private Task<(int Status, JsonElement Body)> Pay(Guid c, Guid m, string amount, string reference) =>
        Api.Post($"/consortia/{c}/members/{m}/account/payments", new { amount = new { amount, currency = "USD" }, bankReference = reference, receivedOn = "2026-02-01" });

    private async Task<JsonElement> BalanceOf(Guid c, string code) =>
        (await Api.Ok(Api.Get($"/consortia/{c}/balances?asOf=2026-12-31"))).GetProperty("members").EnumerateArray()
        .Single(m => m.GetProperty("memberCode").GetString() == code);

    private async Task<(string Balance, string[] Open)> StatementOf(Guid c, Guid m)
    {
        var s = await Api.Ok(Api.Get($"/consortia/{c}/members/{m}/statement"));
        return (Amount(s, "balance"), s.GetProperty("openItems").EnumerateArray().Select(i => Amount(i, "open")).Order().ToArray());
    }

    [Fact]
    public async Task A_reversed_payment_reopens_what_it_settled_and_shows_beside_it_on_the_statement()
    {
        var (c, ids) = await DuesOf250Each();
        var a = ids["A"];
        var payment = (await Api.Ok(Pay(c, a, "300.00", "BANK-1"), 201)).GetProperty("paymentId").GetGuid();
        Assert.Equal(("-50.00", Array.Empty<string>()), await StatementOf(c, a)); // 250.00 settled, 50.00 held on account

        var url = $"/consortia/{c}/members/{a}/account/payments/{payment}/reversal";
        Assert.Equal(422, (await Api.Post(url, new { reversedOn = "2026-02-10" })).Status); // no reason
        Assert.Equal(422, (await Api.Post(url, new { reason = "Bounced", reversedOn = "2026-01-31" })).Status); // before it was received
        Assert.Equal(404, (await Api.Post($"/consortia/{c}/members/{a}/account/payments/{Guid.NewGuid()}/reversal",
            new { reason = "Bounced", reversedOn = "2026-02-10" })).Status);
        Assert.Equal(404, (await Api.Post($"/consortia/{c}/members/{ids["B"]}/account/payments/{payment}/reversal",
            new { reason = "Bounced", reversedOn = "2026-02-10" })).Status); // another member's payment

        var reversed = await Api.Ok(Api.Post(url, new { reason = "Bounced", reversedOn = "2026-02-10" }), 201);
        Assert.Equal("300.00", Amount(reversed, "amount"));
        Assert.Equal(409, (await Api.Post(url, new { reason = "Again", reversedOn = "2026-02-11" })).Status);

        // The member owes its 250.00 again: nothing is paid, and the open items add up to what it owes.
        var (balance, open) = await StatementOf(c, a);
        Assert.Equal("250.00", balance);
        Assert.Equal(250.00m, open.Sum(decimal.Parse));
        var row = await BalanceOf(c, "A");
        Assert.Equal(("250.00", "0.00", "250.00"), (Amount(row, "assessed"), Amount(row, "paid"), Amount(row, "outstanding")));

        // The statement keeps the payment and shows the reversal as its own lines (debits 250.00 and 50.00 dated 2026-02-10).
        var lines = (await Api.Ok(Api.Get($"/consortia/{c}/members/{a}/statement"))).GetProperty("lines").EnumerateArray().ToList();
        Assert.Contains(lines, l => l.GetProperty("memo").GetString()!.StartsWith("Payment BANK-1") && Amount(l, "credit") == "250.00");
        Assert.Equal(["250.00", "50.00"], lines.Where(l => l.GetProperty("date").GetString() == "2026-02-10")
            .Select(l => Amount(l, "debit")).OrderByDescending(decimal.Parse).ToArray());
        await LedgerChecks.AssertBalanced(Host, c);
    }

    [Fact]
    public async Task An_overpayment_is_refunded_up_to_what_is_held_and_the_account_reaches_zero()
    {
        var (c, ids) = await DuesOf250Each();
        var a = ids["A"];
        await Api.Ok(Pay(c, a, "300.00", "BANK-1"), 201);
        var url = $"/consortia/{c}/members/{a}/account/refunds";

        var tooMuch = await Api.Post(url, new { amount = new { amount = "50.01", currency = "USD" }, bankReference = "OUT-1", reason = "Overpaid", paidOn = "2026-03-01" });
        Assert.Equal(422, tooMuch.Status);
        Assert.Contains("50.00", tooMuch.Body.GetProperty("errors").GetProperty("amount")[0].GetString());
        Assert.Equal(422, (await Api.Post($"/consortia/{c}/members/{ids["B"]}/account/refunds",
            new { amount = new { amount = "1.00", currency = "USD" }, bankReference = "OUT-2", reason = "Nothing held", paidOn = "2026-03-01" })).Status);

        await Api.Ok(Api.Post(url, new { amount = new { amount = "50.00", currency = "USD" }, bankReference = "OUT-1", reason = "Overpaid", paidOn = "2026-03-01" }), 201);

        Assert.Equal(("0.00", Array.Empty<string>()), await StatementOf(c, a));
        var row = await BalanceOf(c, "A");
        Assert.Equal(("250.00", "250.00", "0.00"), (Amount(row, "assessed"), Amount(row, "paid"), Amount(row, "outstanding")));
        await LedgerChecks.AssertBalanced(Host, c);
    }

    [Fact]
    public async Task What_the_consortium_owes_a_net_lender_is_applied_to_its_bill_or_paid_out_until_nothing_is_owed()
    {
        var s = await LoanScenario.WithDefaultFees(Host, Api, "A", "C");
        await s.Shipped("A", "C", "2026-10-05");
        await Api.Ok(s.Settle("2026-10"), 201);
        var (c, lender) = (s.ConsortiumId, s.Members["C"]);
        var url = $"/consortia/{c}/members/{lender}/account/payable-settlements";
        Assert.Equal("15.00", Amount(await BalanceOf(c, "C"), "payable")); // the loan's 15.00; the 0.26 fee goes to the fund

        Assert.Equal(422, (await Api.Post(url, new { amount = new { amount = "15.01", currency = "USD" }, method = "paid-out", bankReference = "OUT-1", settledOn = "2026-11-05" })).Status);
        Assert.Equal(422, (await Api.Post(url, new { amount = new { amount = "5.00", currency = "USD" }, method = "paid-out", settledOn = "2026-11-05" })).Status);
        Assert.Equal(422, (await Api.Post(url, new { amount = new { amount = "5.00", currency = "USD" }, method = "cash", settledOn = "2026-11-05" })).Status);

        // 5.00 applied to its bill (it owes nothing, so it is held on account), 10.00 paid out: nothing is owed to it any more.
        await Api.Ok(Api.Post(url, new { amount = new { amount = "5.00", currency = "USD" }, method = "applied-to-bill", settledOn = "2026-11-05" }), 201);
        await Api.Ok(Api.Post(url, new { amount = new { amount = "10.00", currency = "USD" }, method = "paid-out", bankReference = "OUT-1", settledOn = "2026-11-05" }), 201);
        var row = await BalanceOf(c, "C");
        Assert.Equal(("0.00", "-5.00"), (Amount(row, "payable"), Amount(row, "outstanding")));

        // The 5.00 it holds on account is refunded, and the borrower pays its 15.26: every member account is at zero.
        await Api.Ok(Api.Post($"/consortia/{c}/members/{lender}/account/refunds",
            new { amount = new { amount = "5.00", currency = "USD" }, bankReference = "OUT-2", reason = "Credit returned", paidOn = "2026-11-06" }), 201);
        await Api.Ok(Api.Post($"/consortia/{c}/members/{s.Members["A"]}/account/payments",
            new { amount = new { amount = "15.26", currency = "USD" }, bankReference = "IN-1", receivedOn = "2026-11-06" }), 201);
        foreach (var code in new[] { "A", "C" })
        {
            var b = await BalanceOf(c, code);
            Assert.Equal(("0.00", "0.00"), (Amount(b, "payable"), Amount(b, "outstanding")));
        }
        await LedgerChecks.AssertBalanced(Host, c);
    }
}
