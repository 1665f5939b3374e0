using System.Text.Json;
using SharingLedger.Tests.Ledger;
using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Procurement;

/// <summary>
/// "Record the fact, flag the decision" for a joint procurement (issue 13, item 3). A and B committed, C declined; the term
/// "books" splits equally with a floor of 100.00 each. The invoice of 150.00 cannot be split as written: the two floors add
/// up to 200.00, more than the invoice. It is recorded all the same (the vendor is owed 150.00, which sits on the central
/// fund), flagged "needs a decision" on the procurement and in reconciliation, and resolved by finance's decision:
/// A 75.00, B 50.00, so the fund bears 150.00 − 125.00 = 25.00.
/// </summary>
public class ProcurementNeedsDecisionTests(LedgerHost host) : LedgerTest(host)
{
    private static string Amount(JsonElement e, string name) => e.GetProperty(name).GetProperty("amount").GetString()!;

    private async Task<(Guid C, Dictionary<string, Guid> Ids, Guid P)> InvoicedAboveTheFloors()
    {
        var c = await Api.EstablishConsortium(currency: "USD");
        var ids = new Dictionary<string, Guid>();
        foreach (var code in new[] { "A", "B", "C" }) ids[code] = await Api.AdmitMember(c, code);
        await Api.Ok(Api.AdoptAgreementWithTerms(c, ids.Values, new Dictionary<string, object>
        {
            ["books"] = new { rule = new { method = "equal" }, floor = new { amount = "100.00", currency = "USD" } },
        }), 201);
        var p = (await Api.Ok(Api.ProposeProcurement(c, "books", "2026-12-15", ids.Values, estimate: "150.00", title: "Atlas reprints"), 201)).Id();
        await Api.Ok(Api.AnswerProcurement(c, p, ids["A"], "commit"));
        await Api.Ok(Api.AnswerProcurement(c, p, ids["B"], "commit"));
        await Api.Ok(Api.AnswerProcurement(c, p, ids["C"], "decline"));
        await Api.Ok(Api.AwardProcurement(c, p, "150.00", vendor: "Acme"));

        var invoiced = await Api.Ok(Api.InvoiceProcurement(c, p, "150.00", invoiceNumber: "AC-1")); // recorded, not refused
        Assert.Equal("invoiced", invoiced.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, invoiced.GetProperty("apportionment").ValueKind);
        Assert.StartsWith("Needs a decision", invoiced.GetProperty("needsDecision").GetString());
        Assert.Contains("150.00", invoiced.GetProperty("needsDecision").GetString());
        return (c, ids, p);
    }

    private async Task<JsonElement> Reconciliation(Guid c) => await Api.Ok(Api.Get($"/consortia/{c}/reconciliation?fiscalYear=2026"));

    private async Task<string> Outstanding(Guid c, string code) =>
        Amount((await Api.Ok(Api.Get($"/consortia/{c}/balances?asOf=2026-12-31"))).GetProperty("members").EnumerateArray()
            .Single(m => m.GetProperty("memberCode").GetString() == code), "outstanding");

    private async Task<long> Net(Guid c, string account) =>
        (await LedgerChecks.Postings(Host, c)).Where(p => p.Account == account).Sum(p => p.Debit - p.Credit);

    private object Shares(Dictionary<string, Guid> ids, params (string Code, string Amount)[] shares) =>
        shares.ToDictionary(s => ids[s.Code].ToString(), s => (object)new { amount = s.Amount, currency = "USD" });

    [Fact]
    public async Task An_invoice_the_floors_cannot_split_is_recorded_flagged_and_split_as_finance_decides()
    {
        var (c, ids, p) = await InvoicedAboveTheFloors();

        var line = (await Reconciliation(c)).GetProperty("lines").EnumerateArray().Single(l => l.GetProperty("kind").GetString() == "procurement");
        Assert.StartsWith("Needs a decision", line.GetProperty("needsDecision").GetString());
        Assert.False(line.GetProperty("balanced").GetBoolean()); // 0.00 apportioned of 150.00
        Assert.Equal(1, (await Reconciliation(c)).GetProperty("needsDecision").GetInt32());
        Assert.Equal(-15000L, await Net(c, "vendor-payable")); // the vendor is owed the invoice
        Assert.Equal("0.00", await Outstanding(c, "A"));

        var url = $"/consortia/{c}/procurements/{p}/split-decision";
        Assert.Equal(422, (await Api.Post(url, new { reason = "Floors waived", shares = Shares(ids, ("A", "100.00"), ("B", "60.00")) })).Status); // 160.00 > 150.00
        Assert.Equal(422, (await Api.Post(url, new { reason = "Floors waived", shares = Shares(ids, ("A", "75.00"), ("C", "50.00")) })).Status); // C declined
        Assert.Equal(422, (await Api.Post(url, new { shares = Shares(ids, ("A", "75.00"), ("B", "50.00")) })).Status); // no reason
        Assert.Equal(404, (await Api.Post($"/consortia/{c}/procurements/{Guid.NewGuid()}/split-decision",
            new { reason = "x", shares = Shares(ids, ("A", "75.00")) })).Status);

        var decided = await Api.Ok(Api.Post(url, new { reason = "Council waived the floors for reprints", shares = Shares(ids, ("A", "75.00"), ("B", "50.00")) }), 201);
        Assert.Equal("25.00", Amount(decided, "shortfall"));
        Assert.Equal(409, (await Api.Post(url, new { reason = "Again", shares = Shares(ids, ("A", "75.00"), ("B", "50.00")) })).Status);

        var read = await Api.Ok(Api.Procurement(c, p));
        Assert.Equal(JsonValueKind.Null, read.GetProperty("needsDecision").ValueKind);
        Assert.Equal(new Dictionary<Guid, string> { [ids["A"]] = "75.00", [ids["B"]] = "50.00" }, read.Shares());
        Assert.Equal(("75.00", "50.00", "0.00"), (await Outstanding(c, "A"), await Outstanding(c, "B"), await Outstanding(c, "C")));
        line = (await Reconciliation(c)).GetProperty("lines").EnumerateArray().Single(l => l.GetProperty("kind").GetString() == "procurement");
        Assert.Equal(("125.00", "25.00", true), (Amount(line, "apportioned"), Amount(line, "shortfall"), line.GetProperty("balanced").GetBoolean()));
        Assert.Equal(JsonValueKind.Null, line.GetProperty("needsDecision").ValueKind);

        var item = Assert.Single((await Api.Ok(Api.Obligations(c, ids["A"], 2026))).ProcurementItems());
        Assert.Equal("75.00", item.GetProperty("amount").Amount());
        Assert.Contains("finance decided", item.GetProperty("explanation").GetString());
        Assert.Contains("Council waived the floors", item.GetProperty("explanation").GetString());
        // The fund: debited the invoice (150.00), credited the shares (125.00): it bears 25.00; the vendor is still owed 150.00.
        Assert.Equal(2500L, await Net(c, "central-fund"));
        Assert.Equal(-15000L, await Net(c, "vendor-payable"));
        await LedgerChecks.AssertBalanced(Host, c);
        await LedgerChecks.AssertRebuildEqualsStored(Host, c);
    }

    [Fact]
    public async Task An_invoice_waiting_for_a_decision_can_be_voided_and_then_needs_none()
    {
        var (c, ids, p) = await InvoicedAboveTheFloors();

        await Api.Ok(Api.Post($"/consortia/{c}/procurements/{p}/invoice/voiding", new { invoiceNumber = "AC-1", reason = "Sent to the wrong consortium", voidedOn = "2026-11-27" }), 201);

        var read = await Api.Ok(Api.Procurement(c, p));
        Assert.Equal(("awarded", JsonValueKind.Null), (read.GetProperty("status").GetString(), read.GetProperty("needsDecision").ValueKind));
        Assert.Equal(0, (await Reconciliation(c)).GetProperty("needsDecision").GetInt32());
        Assert.Equal(409, (await Api.Post($"/consortia/{c}/procurements/{p}/split-decision",
            new { reason = "Too late", shares = Shares(ids, ("A", "75.00"), ("B", "50.00")) })).Status);
        Assert.Equal(0L, await Net(c, "vendor-payable"));
        Assert.Equal(0L, await Net(c, "central-fund"));
        await LedgerChecks.AssertBalanced(Host, c);
    }
}
