using System.Text.Json;
using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Ledger;

/// <summary>
/// Voiding a vendor invoice that was already (partly) paid (issue 13, item 2): the invoice and the members' shares are reversed by new
/// lines naming it and why, and what was paid stays with the vendor as a credit, which is applied to the invoice recorded in its place
/// or refunded by the vendor, so that every account reaches zero. Every figure is worked out by hand here.
/// </summary>
public class VendorCreditTests(LedgerHost host) : LedgerTest(host)
{
    private static string Amount(JsonElement e, string name) => e.GetProperty(name).GetProperty("amount").GetString()!;
    private static object Usd(string amount) => new { amount, currency = "USD" };
    private static object Eur(string amount) => new { amount, currency = "EUR" };

    private async Task<string> Outstanding(Guid c, string code) =>
        Amount((await Api.Ok(Api.Get($"/consortia/{c}/balances?asOf=2026-12-31"))).GetProperty("members").EnumerateArray()
            .Single(m => m.GetProperty("memberCode").GetString() == code), "outstanding");

    private async Task<long> Net(Guid c, string account) =>
        (await LedgerChecks.Postings(Host, c)).Where(p => p.Account == account).Sum(p => p.Debit - p.Credit);

    [Fact]
    public async Task A_paid_foreign_invoice_is_voided_and_its_credit_pays_the_right_invoice_at_the_rate_it_was_booked()
    {
        var c = await Api.EstablishConsortium(currency: "USD");
        var ids = new Dictionary<string, Guid> { ["A"] = await Api.AdmitMember(c, "A"), ["B"] = await Api.AdmitMember(c, "B") };
        await Api.Ok(Api.AdoptAgreementWithTerms(c, ids.Values, new Dictionary<string, object> { ["databases"] = new { rule = new { method = "equal" } } }), 201);
        var sid = (await Api.Ok(Api.Post($"/consortia/{c}/subscriptions", new
        {
            vendor = "Springer", resource = "SpringerLink", termStart = "2026-01-01", termEnd = "2026-12-31",
            price = Eur("500.00"), participants = ids.Values.Select(m => new { memberId = m }), sharingTerm = "databases",
        }), 201)).GetProperty("id").GetGuid();
        var term = $"/consortia/{c}/subscriptions/{sid}/terms/1";
        // The list price by mistake: EUR 1,000.00 at 1.10 = USD 1,100.00, 550.00 each.
        await Api.Ok(Api.Post($"/consortia/{c}/subscriptions/{sid}/invoices",
            new { invoiceNumber = "SPR-1", invoiceDate = "2026-01-15", amount = Eur("1000.00"), rateToBase = 1.10m }), 201);
        // EUR 400.00 paid at 1.12: USD 448.00 from the bank, settling 1,100.00 × 400/1,000 = 440.00 of the payable (8.00 lost).
        await Api.Ok(Api.Post($"{term}/invoice/payments", new { invoiceNumber = "SPR-1", amount = Eur("400.00"), rateToBase = 1.12m, bankReference = "W-1", paidOn = "2026-02-01" }), 201);

        Assert.Equal(422, (await Api.Post($"{term}/invoice/voiding", new { invoiceNumber = "SPR-1", reason = "List price", voidedOn = "2026-01-20" })).Status); // before it was paid
        var voided = await Api.Ok(Api.Post($"{term}/invoice/voiding",
            new { invoiceNumber = "SPR-1", reason = "Billed at the list price; the consortium price is EUR 500.00", voidedOn = "2026-03-01" }), 201);
        Assert.Equal(("400.00", "440.00"), (Amount(voided, "paid"), Amount(voided, "paidBase")));
        Assert.Equal(("0.00", "0.00"), (await Outstanding(c, "A"), await Outstanding(c, "B"))); // 550.00 − 550.00
        var springer = (await Api.Ok(Api.Get($"/consortia/{c}/vendor-payables"))).GetProperty("vendors").EnumerateArray().Single();
        Assert.Equal(("-440.00", "440.00"), (Amount(springer, "owed"), Amount(springer, "creditsOpen"))); // the vendor owes the consortium
        Assert.Equal(44000L, await Net(c, "vendor-payable"));

        // The right invoice: EUR 500.00 at 1.20 = USD 600.00, 300.00 each.
        await Api.Ok(Api.Post($"/consortia/{c}/subscriptions/{sid}/invoices",
            new { invoiceNumber = "SPR-2", invoiceDate = "2026-03-02", amount = Eur("500.00"), rateToBase = 1.20m }), 201);
        Assert.Equal(409, (await Api.Post($"{term}/vendor-credit/applications", new { voidedInvoiceNumber = "SPR-9", invoiceNumber = "SPR-2", appliedOn = "2026-03-05" })).Status);
        Assert.Equal(422, (await Api.Post($"{term}/vendor-credit/applications",
            new { voidedInvoiceNumber = "SPR-1", invoiceNumber = "SPR-2", amount = Eur("400.01"), appliedOn = "2026-03-05" })).Status); // more than the credit
        // The whole credit, EUR 400.00 (the invoice has 500.00 open): it settles 600.00 × 400/500 = 480.00 of SPR-2 and uses the 440.00
        // it was booked at: 40.00 gained.
        var applied = await Api.Ok(Api.Post($"{term}/vendor-credit/applications", new { voidedInvoiceNumber = "SPR-1", invoiceNumber = "SPR-2", appliedOn = "2026-03-05" }), 201);
        Assert.Equal(("400.00", "440.00", "480.00", "-40.00"),
            (Amount(applied, "amount"), Amount(applied, "baseAmount"), Amount(applied, "relieved"), Amount(applied, "exchangeDifference")));
        Assert.Equal(422, (await Api.Post($"{term}/vendor-credit/refunds",
            new { voidedInvoiceNumber = "SPR-1", amount = Eur("0.01"), rateToBase = 1.1m, bankReference = "R-1", refundedOn = "2026-03-06" })).Status); // used up
        // EUR 100.00 left at 1.15 = USD 115.00, settling the 600.00 − 480.00 = 120.00 left: 5.00 gained.
        await Api.Ok(Api.Post($"{term}/invoice/payments", new { invoiceNumber = "SPR-2", amount = Eur("100.00"), rateToBase = 1.15m, bankReference = "W-2", paidOn = "2026-03-10" }), 201);

        springer = (await Api.Ok(Api.Get($"/consortia/{c}/vendor-payables"))).GetProperty("vendors").EnumerateArray().Single();
        Assert.Equal(("0.00", "0.00"), (Amount(springer, "owed"), Amount(springer, "creditsOpen")));
        Assert.Equal(0L, await Net(c, "vendor-payable"));

        // A's statement keeps the first share and shows its reversal beside it, naming the invoice and why: +550.00, −550.00, +300.00.
        var lines = (await Api.Ok(Api.Get($"/consortia/{c}/members/{ids["A"]}/statement"))).GetProperty("lines").EnumerateArray().ToList();
        var reversal = lines.Single(l => Amount(l, "credit") == "550.00");
        Assert.Contains("SPR-1", reversal.GetProperty("memo").GetString());
        Assert.Contains("consortium price", reversal.GetProperty("memo").GetString());
        Assert.Equal("300.00", await Outstanding(c, "A"));

        foreach (var code in new[] { "A", "B" })
            await Api.Ok(Api.Post($"/consortia/{c}/members/{ids[code]}/account/payments", new { amount = Usd("300.00"), bankReference = $"IN-{code}", receivedOn = "2026-03-20" }), 201);
        Assert.Equal(0L, await Net(c, "member-receivable"));
        // Bank: −448.00 − 115.00 + 300.00 + 300.00 = 37.00, the fund's: 8.00 lost, 40.00 and 5.00 gained on the rates.
        Assert.Equal(3700L, await Net(c, "bank"));
        Assert.Equal(-3700L, await Net(c, "central-fund"));
        await LedgerChecks.AssertBalanced(Host, c);
        await LedgerChecks.AssertRebuildEqualsStored(Host, c);
    }

    [Fact]
    public async Task A_paid_procurement_invoice_is_voided_its_credit_pays_the_right_one_and_the_vendor_refunds_the_rest()
    {
        var c = await Api.EstablishConsortium(currency: "USD");
        var a = await Api.AdmitMember(c, "A");
        var b = await Api.AdmitMember(c, "B");
        await Api.Ok(Api.AdoptAgreementWithTerms(c, [a, b], new Dictionary<string, object> { ["books"] = new { rule = new { method = "equal" } } }), 201);
        var p = (await Api.Ok(Api.ProposeProcurement(c, "books", "2026-12-15", [a, b], estimate: "600.00"), 201)).GetProperty("id").GetGuid();
        foreach (var m in new[] { a, b }) await Api.Ok(Api.AnswerProcurement(c, p, m, "commit"));
        await Api.Ok(Api.AwardProcurement(c, p, "600.00", vendor: "Acme"));
        var url = $"/consortia/{c}/procurements/{p}";
        await Api.Ok(Api.InvoiceProcurement(c, p, "660.00", invoiceNumber: "AC-1")); // should have been 600.00: 330.00 each
        await Api.Ok(Api.Post($"{url}/invoice/payments", new { invoiceNumber = "AC-1", amount = Usd("660.00"), bankReference = "W-1", paidOn = "2026-11-27" }), 201);

        await Api.Ok(Api.Post($"{url}/invoice/voiding", new { invoiceNumber = "AC-1", reason = "Invoiced above the awarded cost", voidedOn = "2026-11-27" }), 201);
        Assert.Equal(66000L, await Net(c, "vendor-payable")); // Acme owes the 660.00 back
        await Api.Ok(Api.InvoiceProcurement(c, p, "600.00", invoiceNumber: "AC-2")); // 300.00 each
        // As much as both allow: 600.00 of the 660.00 credit pays AC-2 in full; 60.00 of the credit is left.
        var applied = await Api.Ok(Api.Post($"{url}/vendor-credit/applications", new { voidedInvoiceNumber = "AC-1", invoiceNumber = "AC-2", appliedOn = "2026-11-27" }), 201);
        Assert.Equal(("600.00", "600.00", "0.00"), (Amount(applied, "relieved"), Amount(applied, "baseAmount"), Amount(applied, "exchangeDifference")));
        var acme = (await Api.Ok(Api.Get($"/consortia/{c}/vendor-payables"))).GetProperty("vendors").EnumerateArray().Single();
        Assert.Equal(("-60.00", "60.00"), (Amount(acme, "owed"), Amount(acme, "creditsOpen")));

        var refunds = $"{url}/vendor-credit/refunds";
        Assert.Equal(422, (await Api.Post(refunds, new { voidedInvoiceNumber = "AC-1", amount = Usd("60.01"), bankReference = "R-1", refundedOn = "2026-11-27" })).Status);
        Assert.Equal(422, (await Api.Post(refunds, new { voidedInvoiceNumber = "AC-1", amount = Usd("60.00"), rateToBase = 1.0m, bankReference = "R-1", refundedOn = "2026-11-27" })).Status);
        Assert.Equal(409, (await Api.Post(refunds, new { voidedInvoiceNumber = "AC-2", amount = Usd("60.00"), bankReference = "R-1", refundedOn = "2026-11-27" })).Status);
        var refund = await Api.Ok(Api.Post(refunds, new { voidedInvoiceNumber = "AC-1", amount = Usd("60.00"), bankReference = "R-1", refundedOn = "2026-11-27" }), 201);
        Assert.Equal(("60.00", "60.00", "0.00"), (Amount(refund, "baseAmount"), Amount(refund, "settled"), Amount(refund, "exchangeDifference")));

        // A's bill: 330.00 − 330.00 (the void, naming AC-1 and why) + 300.00.
        var lines = (await Api.Ok(Api.Get($"/consortia/{c}/members/{a}/statement"))).GetProperty("lines").EnumerateArray().ToList();
        Assert.Contains("awarded cost", lines.Single(l => Amount(l, "credit") == "330.00").GetProperty("memo").GetString());
        foreach (var (m, code) in new[] { (a, "A"), (b, "B") })
        {
            Assert.Equal("300.00", await Outstanding(c, code));
            await Api.Ok(Api.Post($"/consortia/{c}/members/{m}/account/payments", new { amount = Usd("300.00"), bankReference = $"IN-{code}", receivedOn = "2026-11-27" }), 201);
        }
        // Bank: −660.00 + 60.00 + 300.00 + 300.00 = 0; every account reaches zero.
        foreach (var account in new[] { "vendor-payable", "member-receivable", "bank", "central-fund" })
            Assert.True(await Net(c, account) == 0, $"{account} is not at zero.");
        Assert.Equal("0.00", Amount(await Api.Ok(Api.Get($"/consortia/{c}/vendor-payables")), "owed"));
        await LedgerChecks.AssertBalanced(Host, c);
        await LedgerChecks.AssertRebuildEqualsStored(Host, c);
    }
}
