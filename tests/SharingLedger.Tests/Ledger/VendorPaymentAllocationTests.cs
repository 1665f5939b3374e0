using System.Text.Json;
using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Ledger;

/// <summary>
/// One payment to a vendor covering several of its invoices (issue 13, item 1), over HTTP; every figure worked out by hand here.
/// USD books. Elsevier invoiced a subscription term EUR 1,000.00 at 1.10 (booked USD 1,100.00, invoice EL-1) and a joint
/// procurement EUR 500.00 at 1.20 (booked USD 600.00, invoice EL-2). One transfer of EUR 1,300.00 at 1.15 leaves the bank as
/// USD 1,495.00: EUR 1,000.00 pays EL-1 off, EUR 300.00 goes to EL-2.
///   EL-1: USD 1,495.00 × 1,000/1,300 = 1,150.00 from the bank; relieves all 1,100.00 booked; 50.00 lost on the rate.
///   EL-2: the other 345.00 (= 300.00 × 1.15); relieves 600.00 × 300/500 = 360.00; 15.00 gained.
/// The vendor is still owed 1,700.00 − 1,460.00 = 240.00 (EUR 200.00 of EL-2); the fund bears 50.00 − 15.00 = 35.00.
/// </summary>
public class VendorPaymentAllocationTests(LedgerHost host) : LedgerTest(host)
{
    private static string Amount(JsonElement e, string name) => e.GetProperty(name).GetProperty("amount").GetString()!;
    private static object Eur(string amount) => new { amount, currency = "EUR" };

    private async Task<Guid> TwoInvoicesOfElsevier()
    {
        var c = await Api.EstablishConsortium(currency: "USD");
        var a = await Api.AdmitMember(c, "A");
        var b = await Api.AdmitMember(c, "B");
        await Api.Ok(Api.AdoptAgreementWithTerms(c, [a, b], new Dictionary<string, object>
        {
            ["databases"] = new { rule = new { method = "equal" } }, ["books"] = new { rule = new { method = "equal" } },
        }), 201);
        var sid = (await Api.Ok(Api.Post($"/consortia/{c}/subscriptions", new
        {
            vendor = "Elsevier", resource = "ScienceDirect", termStart = "2026-01-01", termEnd = "2026-12-31",
            price = Eur("1000.00"), participants = new[] { new { memberId = a }, new { memberId = b } }, sharingTerm = "databases",
        }), 201)).GetProperty("id").GetGuid();
        await Api.Ok(Api.Post($"/consortia/{c}/subscriptions/{sid}/invoices",
            new { invoiceNumber = "EL-1", invoiceDate = "2026-01-15", amount = Eur("1000.00"), rateToBase = 1.10m }), 201);
        var p = (await Api.Ok(Api.ProposeProcurement(c, "books", "2026-12-15", [a, b], estimate: "600.00"), 201)).GetProperty("id").GetGuid();
        foreach (var m in new[] { a, b }) await Api.Ok(Api.AnswerProcurement(c, p, m, "commit"));
        await Api.Ok(Api.AwardProcurement(c, p, "500.00", currency: "EUR", vendor: "Elsevier"));
        await Api.Ok(Api.InvoiceProcurement(c, p, "500.00", currency: "EUR", rateToBase: 1.20m, invoiceNumber: "EL-2"));
        return c;
    }

    private static object Payment(string amount, params (string Number, string Amount)[] parts) => new
    {
        vendor = "Elsevier", amount = Eur(amount), rateToBase = 1.15m, bankReference = "W-100", paidOn = "2026-11-27",
        allocations = parts.Select(p => new { invoiceNumber = p.Number, amount = Eur(p.Amount) }).ToArray(),
    };

    private async Task<JsonElement> Elsevier(Guid c) =>
        (await Api.Ok(Api.Get($"/consortia/{c}/vendor-payables"))).GetProperty("vendors").EnumerateArray()
        .Single(v => v.GetProperty("vendor").GetString() == "Elsevier");

    [Fact]
    public async Task One_payment_is_allocated_across_two_invoices_each_with_its_own_exchange_difference()
    {
        var c = await TwoInvoicesOfElsevier();
        var url = $"/consortia/{c}/vendor-payments";

        var paid = await Api.Ok(Api.Post(url, Payment("1300.00", ("EL-1", "1000.00"), ("EL-2", "300.00"))), 201);

        Assert.Equal(("1300.00", "1495.00", "1460.00", "35.00"),
            (Amount(paid, "amount"), Amount(paid, "baseAmount"), Amount(paid, "relieved"), Amount(paid, "exchangeDifference")));
        var parts = paid.GetProperty("allocations").EnumerateArray().ToDictionary(p => p.GetProperty("invoiceNumber").GetString()!);
        Assert.Equal(("1000.00", "1150.00", "1100.00", "50.00"),
            (Amount(parts["EL-1"], "amount"), Amount(parts["EL-1"], "baseAmount"), Amount(parts["EL-1"], "relieved"), Amount(parts["EL-1"], "exchangeDifference")));
        Assert.Equal(("300.00", "345.00", "360.00", "-15.00"),
            (Amount(parts["EL-2"], "amount"), Amount(parts["EL-2"], "baseAmount"), Amount(parts["EL-2"], "relieved"), Amount(parts["EL-2"], "exchangeDifference")));
        Assert.Equal(("subscription", "procurement"), (parts["EL-1"].GetProperty("sourceKind").GetString(), parts["EL-2"].GetProperty("sourceKind").GetString()));

        var vendor = await Elsevier(c);
        Assert.Equal(("1700.00", "1460.00", "240.00", "35.00"),
            (Amount(vendor, "invoiced"), Amount(vendor, "relieved"), Amount(vendor, "owed"), Amount(vendor, "exchangeDifferences")));
        var open = vendor.GetProperty("invoices").EnumerateArray().ToDictionary(i => i.GetProperty("invoiceNumber").GetString()!, i => Amount(i, "open"));
        Assert.Equal(new Dictionary<string, string> { ["EL-1"] = "0.00", ["EL-2"] = "200.00" }, open);

        var postings = await LedgerChecks.Postings(Host, c);
        Assert.Equal(-149500L, postings.Where(p => p.Account == "bank").Sum(p => p.Debit - p.Credit));
        Assert.Equal(-24000L, postings.Where(p => p.Account == "vendor-payable").Sum(p => p.Debit - p.Credit));
        // The same transfer on one invoice again is the same bank reference: a conflict.
        Assert.Equal(409, (await Api.Post(url, Payment("100.00", ("EL-2", "100.00")))).Status);
        await LedgerChecks.AssertBalanced(Host, c);
        await LedgerChecks.AssertRebuildEqualsStored(Host, c);
    }

    [Fact]
    public async Task A_payment_whose_parts_do_not_add_up_name_an_unknown_invoice_or_overpay_one_records_nothing()
    {
        var c = await TwoInvoicesOfElsevier();
        var url = $"/consortia/{c}/vendor-payments";

        var short1 = await Api.Post(url, Payment("1300.00", ("EL-1", "1000.00"), ("EL-2", "200.00"))); // 1,200.00 of 1,300.00
        Assert.Equal(422, short1.Status);
        Assert.True(short1.Body.GetProperty("errors").TryGetProperty("allocations", out _));
        Assert.Equal(404, (await Api.Post(url, Payment("1300.00", ("EL-1", "1000.00"), ("EL-9", "300.00")))).Status);
        Assert.Equal(404, (await Api.Post(url, new
        {
            vendor = "Springer", amount = Eur("100.00"), rateToBase = 1.15m, bankReference = "W-1", paidOn = "2026-11-27",
            allocations = new[] { new { invoiceNumber = "EL-1", amount = Eur("100.00") } },
        })).Status); // EL-1 is Elsevier's, not Springer's
        // EL-2 has EUR 500.00 open: 600.00 over-pays it, so EL-1's part is not recorded either.
        var over = await Api.Post(url, Payment("1300.00", ("EL-1", "700.00"), ("EL-2", "600.00")));
        Assert.Equal(422, over.Status);
        Assert.True(over.Body.GetProperty("errors").TryGetProperty("allocations[1].amount", out _));
        Assert.Equal(400, (await Api.PostRaw(url, "")).Status);

        var vendor = await Elsevier(c);
        Assert.Equal(("1700.00", "0.00", "1700.00"), (Amount(vendor, "invoiced"), Amount(vendor, "relieved"), Amount(vendor, "owed")));
        Assert.DoesNotContain(await LedgerChecks.Postings(Host, c), p => p.Account == "bank");
    }
}
