using System.Text.Json;
using SharingLedger.Tests.Loans;
using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Ledger;

/// <summary>
/// Vendor payments and voided vendor invoices over HTTP (issue 13, items 1 and 2). Every figure is worked out by hand here from
/// the invoice, the rates and the agreement's terms (an equal split; a normal loan 15.00 to the lender plus a 0.26 fee).
/// </summary>
public class VendorPayablesTests(LedgerHost host) : LedgerTest(host)
{
    private static string Amount(JsonElement e, string name) => e.GetProperty(name).GetProperty("amount").GetString()!;
    private static object Usd(string amount) => new { amount, currency = "USD" };

    private async Task<JsonElement> BalanceOf(Guid c, string code) =>
        (await Api.Ok(Api.Get($"/consortia/{c}/balances?asOf=2026-12-31"))).GetProperty("members").EnumerateArray()
        .Single(m => m.GetProperty("memberCode").GetString() == code);

    private async Task<long> VendorPayableNet(Guid c) =>
        (await LedgerChecks.Postings(Host, c)).Where(p => p.Account == "vendor-payable").Sum(p => p.Debit - p.Credit);

    [Fact]
    public async Task Every_kind_of_account_reaches_zero_member_receivable_member_payable_and_vendor_payable()
    {
        // USD books; A and C share a EUR 1,000.00 database equally; C lends A one loan in October.
        var c = await Api.EstablishConsortium(currency: "USD");
        var ids = new Dictionary<string, Guid> { ["A"] = await Api.AdmitMember(c, "A"), ["C"] = await Api.AdmitMember(c, "C") };
        await Api.Ok(Api.Post($"/consortia/{c}/agreement/versions", new
        {
            version = 1, effectiveFrom = "2025-01-01", signatories = ids.Values,
            dues = new { annualAmount = Usd("1000.00"), rule = new { method = "equal" } },
            costSharing = new Dictionary<string, object> { ["databases"] = new { rule = new { method = "equal" } } },
            lending = LoanScenario.DefaultFees(),
        }), 201);
        var sid = (await Api.Ok(Api.Post($"/consortia/{c}/subscriptions", new
        {
            vendor = "Springer", resource = "SpringerLink", termStart = "2026-01-01", termEnd = "2026-12-31",
            price = new { amount = "1000.00", currency = "EUR" }, participants = ids.Values.Select(m => new { memberId = m }), sharingTerm = "databases",
        }), 201)).GetProperty("id").GetGuid();
        // EUR 1,000.00 at 1.10 is booked as USD 1,100.00: 550.00 each.
        await Api.Ok(Api.Post($"/consortia/{c}/subscriptions/{sid}/invoices", new
        {
            invoiceNumber = "SPR-1", invoiceDate = "2026-01-15", amount = new { amount = "1000.00", currency = "EUR" }, rateToBase = 1.10m,
        }), 201);
        var loans = new LoanScenario(Host, Api, c, ids);
        await loans.Shipped("A", "C", "2026-10-05");
        await Api.Ok(loans.Settle("2026-10"), 201); // A owes 15.26 (clearing:2026-10); the consortium owes C 15.00

        var pay = $"/consortia/{c}/subscriptions/{sid}/terms/1/invoice/payments";
        Assert.Equal(422, (await Api.Post(pay, new { invoiceNumber = "SPR-1", amount = new { amount = "400.00", currency = "EUR" }, bankReference = "W-1", paidOn = "2026-02-01" })).Status); // no rate
        Assert.Equal(409, (await Api.Post(pay, new { invoiceNumber = "SPR-9", amount = new { amount = "400.00", currency = "EUR" }, rateToBase = 1.12m, bankReference = "W-1", paidOn = "2026-02-01" })).Status);
        Assert.Equal(404, (await Api.Post($"/consortia/{c}/subscriptions/{Guid.NewGuid()}/terms/1/invoice/payments",
            new { invoiceNumber = "SPR-1", amount = new { amount = "400.00", currency = "EUR" }, rateToBase = 1.12m, bankReference = "W-1", paidOn = "2026-02-01" })).Status);

        // EUR 400.00 at 1.12 = USD 448.00 from the bank, settling 1,100.00 × 400/1,000 = 440.00 of the payable: 8.00 lost on the rate.
        var first = await Api.Ok(Api.Post(pay, new { invoiceNumber = "SPR-1", amount = new { amount = "400.00", currency = "EUR" }, rateToBase = 1.12m, bankReference = "W-1", paidOn = "2026-02-01" }), 201);
        Assert.Equal(("448.00", "440.00", "8.00"), (Amount(first, "baseAmount"), Amount(first, "relieved"), Amount(first, "exchangeDifference")));
        Assert.Equal(-66000L, await VendorPayableNet(c)); // 660.00 still owed
        Assert.Equal(422, (await Api.Post(pay, new { invoiceNumber = "SPR-1", amount = new { amount = "600.01", currency = "EUR" }, rateToBase = 1.08m, bankReference = "W-2", paidOn = "2026-03-01" })).Status);
        // EUR 600.00 at 1.08 = USD 648.00, settling the 660.00 left: 12.00 gained.
        var last = await Api.Ok(Api.Post(pay, new { invoiceNumber = "SPR-1", amount = new { amount = "600.00", currency = "EUR" }, rateToBase = 1.08m, bankReference = "W-2", paidOn = "2026-03-01" }), 201);
        Assert.Equal(("648.00", "660.00", "-12.00"), (Amount(last, "baseAmount"), Amount(last, "relieved"), Amount(last, "exchangeDifference")));

        var vendors = await Api.Ok(Api.Get($"/consortia/{c}/vendor-payables"));
        Assert.Equal("0.00", Amount(vendors, "owed"));
        var springer = vendors.GetProperty("vendors").EnumerateArray().Single();
        Assert.Equal(("Springer", "1100.00", "1100.00", "0.00", "-4.00"),
            (springer.GetProperty("vendor").GetString(), Amount(springer, "invoiced"), Amount(springer, "relieved"), Amount(springer, "owed"), Amount(springer, "exchangeDifferences")));
        Assert.Equal(0L, await VendorPayableNet(c));

        // C's 15.00 goes against its 550.00 share, and it pays the 535.00 left; A pays 550.00 + 15.26 = 565.26.
        await Api.Ok(Api.Post($"/consortia/{c}/members/{ids["C"]}/account/payable-settlements",
            new { amount = Usd("15.00"), method = "applied-to-bill", settledOn = "2026-11-05" }), 201);
        await Api.Ok(Api.Post($"/consortia/{c}/members/{ids["C"]}/account/payments", new { amount = Usd("535.00"), bankReference = "IN-C", receivedOn = "2026-11-06" }), 201);
        await Api.Ok(Api.Post($"/consortia/{c}/members/{ids["A"]}/account/payments", new { amount = Usd("565.26"), bankReference = "IN-A", receivedOn = "2026-11-06" }), 201);
        foreach (var code in new[] { "A", "C" })
        {
            var b = await BalanceOf(c, code);
            Assert.Equal(("0.00", "0.00"), (Amount(b, "payable"), Amount(b, "outstanding")));
        }
        var postings = await LedgerChecks.Postings(Host, c);
        foreach (var account in new[] { "member-receivable", "member-payable", "vendor-payable", "clearing" })
            Assert.True(postings.Where(p => p.Account == account).Sum(p => p.Debit - p.Credit) == 0, $"{account} is not at zero.");
        // Bank: in 535.00 + 565.26, out 448.00 + 648.00 = 4.26 left, which is the fund's: the 0.26 fee and the 4.00 gained on the rates.
        Assert.Equal(426L, postings.Where(p => p.Account == "bank").Sum(p => p.Debit - p.Credit));
        await LedgerChecks.AssertBalanced(Host, c);
    }

    [Fact]
    public async Task A_mis_keyed_subscription_invoice_is_voided_as_reversing_lines_and_the_right_one_is_recorded()
    {
        var c = await Api.EstablishConsortium(currency: "USD");
        var ids = new Dictionary<string, Guid> { ["A"] = await Api.AdmitMember(c, "A"), ["B"] = await Api.AdmitMember(c, "B"), ["C"] = await Api.AdmitMember(c, "C") };
        await Api.Ok(Api.AdoptAgreementWithTerms(c, ids.Values, new Dictionary<string, object> { ["databases"] = new { rule = new { method = "equal" } } }), 201);
        var sid = (await Api.Ok(Api.Post($"/consortia/{c}/subscriptions", new
        {
            vendor = "EBSCO", resource = "Academic Search", termStart = "2026-01-01", termEnd = "2026-12-31",
            price = Usd("300.00"), participants = ids.Values.Select(m => new { memberId = m }), sharingTerm = "databases",
        }), 201)).GetProperty("id").GetGuid();
        var invoices = $"/consortia/{c}/subscriptions/{sid}/invoices";
        // Keyed 3,000.00 for 300.00: 1,000.00 each.
        await Api.Ok(Api.Post(invoices, new { invoiceNumber = "EB-1", invoiceDate = "2026-01-15", amount = Usd("3000.00") }), 201);
        Assert.Equal(409, (await Api.Post(invoices, new { invoiceNumber = "EB-2", invoiceDate = "2026-01-15", amount = Usd("300.00") })).Status);

        var voiding = $"/consortia/{c}/subscriptions/{sid}/terms/1/invoice/voiding";
        Assert.Equal(422, (await Api.Post(voiding, new { invoiceNumber = "EB-1", voidedOn = "2026-01-20" })).Status); // no reason
        Assert.Equal(409, (await Api.Post(voiding, new { invoiceNumber = "EB-7", reason = "Mis-keyed", voidedOn = "2026-01-20" })).Status);
        var voided = await Api.Ok(Api.Post(voiding, new { invoiceNumber = "EB-1", reason = "Mis-keyed: 3,000.00 for 300.00", voidedOn = "2026-11-27" }), 201);
        Assert.Equal(["1000.00", "1000.00", "1000.00"], voided.GetProperty("reversedShares").EnumerateArray().Select(s => Amount(s, "amount")));
        Assert.Equal(409, (await Api.Post(voiding, new { invoiceNumber = "EB-1", reason = "Again", voidedOn = "2026-01-21" })).Status);

        // The right invoice: 100.00 each, as a second revision.
        var split = await Api.Ok(Api.Post(invoices, new { invoiceNumber = "EB-2", invoiceDate = "2026-01-15", amount = Usd("300.00") }), 201);
        Assert.Equal(2, split.GetProperty("revision").GetInt32());

        // A's statement keeps the first share and shows the void beside it: +1,000.00, −1,000.00, +100.00; it owes 100.00.
        var statement = await Api.Ok(Api.Get($"/consortia/{c}/members/{ids["A"]}/statement"));
        var lines = statement.GetProperty("lines").EnumerateArray().ToList();
        // (All three are recorded on the test clock's one instant, so their order within the day is not asserted.)
        Assert.Equal([("0.00", "1000.00"), ("100.00", "0.00"), ("1000.00", "0.00")], lines.Select(l => (Amount(l, "debit"), Amount(l, "credit"))).Order());
        var reversal = lines.Single(l => Amount(l, "credit") == "1000.00");
        Assert.Contains("EB-1", reversal.GetProperty("memo").GetString());
        Assert.Contains("Mis-keyed", reversal.GetProperty("memo").GetString());
        Assert.Equal("2026-11-27", reversal.GetProperty("date").GetString());
        Assert.Equal("100.00", Amount(statement, "balance"));
        Assert.Equal("100.00", Amount(await BalanceOf(c, "A"), "outstanding"));

        // The vendor is owed the right invoice only, and reconciliation balances against it.
        Assert.Equal(-30000L, await VendorPayableNet(c));
        var vendors = await Api.Ok(Api.Get($"/consortia/{c}/vendor-payables"));
        Assert.Equal("EB-2", vendors.GetProperty("vendors")[0].GetProperty("invoices").EnumerateArray().Single().GetProperty("invoiceNumber").GetString());
        var reconciliation = await Api.Ok(Api.Get($"/consortia/{c}/reconciliation?fiscalYear=2026"));
        Assert.True(reconciliation.GetProperty("allBalanced").GetBoolean());
        Assert.Equal("300.00", Amount(reconciliation, "invoicedTotal"));
        await LedgerChecks.AssertBalanced(Host, c);
        await LedgerChecks.AssertRebuildEqualsStored(Host, c);
    }

    [Fact]
    public async Task A_procurement_invoice_is_voided_and_invoiced_again_and_then_paid()
    {
        var c = await Api.EstablishConsortium(currency: "USD");
        var a = await Api.AdmitMember(c, "A");
        var b = await Api.AdmitMember(c, "B");
        await Api.Ok(Api.AdoptAgreementWithTerms(c, [a, b], new Dictionary<string, object> { ["books"] = new { rule = new { method = "equal" } } }), 201);
        var p = (await Api.Ok(Api.ProposeProcurement(c, "books", "2026-12-15", [a, b], estimate: "600.00"), 201)).GetProperty("id").GetGuid();
        foreach (var m in new[] { a, b }) await Api.Ok(Api.AnswerProcurement(c, p, m, "commit"));
        await Api.Ok(Api.AwardProcurement(c, p, "600.00", vendor: "Acme"));
        await Api.Ok(Api.InvoiceProcurement(c, p, "660.00", invoiceNumber: "AC-1")); // should have been 600.00: 330.00 each

        var voiding = $"/consortia/{c}/procurements/{p}/invoice/voiding";
        await Api.Ok(Api.Post(voiding, new { invoiceNumber = "AC-1", reason = "Invoiced above the awarded cost", voidedOn = "2026-11-27" }), 201);
        Assert.Equal("awarded", (await Api.Ok(Api.Procurement(c, p))).GetProperty("status").GetString());
        await Api.Ok(Api.InvoiceProcurement(c, p, "600.00", invoiceNumber: "AC-2"));
        Assert.Equal("300.00", Amount(await BalanceOf(c, "A"), "outstanding")); // 330.00 − 330.00 + 300.00

        var payments = $"/consortia/{c}/procurements/{p}/invoice/payments";
        await Api.Ok(Api.Post(payments, new { invoiceNumber = "AC-2", amount = Usd("600.00"), bankReference = "W-9", paidOn = "2026-11-27" }), 201);
        Assert.Equal(0L, await VendorPayableNet(c));
        await LedgerChecks.AssertBalanced(Host, c);
    }
}
