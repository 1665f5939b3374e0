using System.Text.Json;
using SharingLedger.Tests.Ledger;
using SharingLedger.Tests.Procurement;
using SharingLedger.Tests.Support;
using static SharingLedger.Tests.Restatements.RestatementScenario;

namespace SharingLedger.Tests.Restatements;

/// <summary>
/// A retroactive amendment and splits that were not the agreement's to make (issue 13, item 3). Members (see
/// <see cref="RestatementScenario"/>): A FTE 3000, B FTE 1000, C FTE 2000; today 2026-11-27.
/// Version 1 (from 2025-01-01): "books" split equally with a floor of 2,000.00 each; "databases" by usage.
/// Version 2 (retroactive, from 2026-01-01): both by FTE, no floor.
/// A and B commit to "Atlas reprints", invoiced 3,000.00: equal shares of 1,500.00 are under the floors, and the two floors
/// (4,000.00) exceed the invoice, so version 1 cannot split it: it waits for a decision. Version 2 splits it by FTE 3000:1000:
/// A 3,000.00 × 3/4 = 2,250.00, B 3,000.00 × 1/4 = 750.00.
/// </summary>
public class PendingAndDecidedSplitTests(LedgerHost host) : LedgerTest(host)
{
    private static readonly object ByFte = new { method = "proportional", attribute = "fte" };

    private static string Amount(JsonElement e, string name) => e.GetProperty(name).GetProperty("amount").GetString()!;

    private async Task<RestatementScenario> Agreed()
    {
        var s = await Create(Api);
        await Api.Ok(Api.AdoptAgreementWithTerms(s.ConsortiumId, s.Members.Values, new Dictionary<string, object>
        {
            ["books"] = new { rule = new { method = "equal" }, floor = new { amount = "2000.00", currency = "USD" } },
            ["databases"] = new { rule = new { method = "proportional", attribute = "usage" } },
        }), 201);
        return s;
    }

    private Task<(int Status, JsonElement Body)> Amend(RestatementScenario s) =>
        Api.Post($"/consortia/{s.ConsortiumId}/agreement/versions", new
        {
            version = 2, effectiveFrom = "2026-01-01", retroactive = true, signatories = s.Members.Values,
            dues = new { annualAmount = new { amount = "1000.00", currency = "USD" }, rule = new { method = "equal" } },
            costSharing = new Dictionary<string, object> { ["books"] = new { rule = ByFte }, ["databases"] = new { rule = ByFte } },
        });

    /// <summary>A and B commit, C is not invited; awarded to Acme and invoiced <paramref name="amount"/> today.</summary>
    private async Task<Guid> Procure(RestatementScenario s, string title, string amount, string invoiceNumber)
    {
        var p = (await Api.Ok(Api.ProposeProcurement(s.ConsortiumId, "books", "2026-12-15", [s["A"], s["B"]], estimate: amount, title: title), 201)).Id();
        await Api.Ok(Api.AnswerProcurement(s.ConsortiumId, p, s["A"], "commit"));
        await Api.Ok(Api.AnswerProcurement(s.ConsortiumId, p, s["B"], "commit"));
        await Api.Ok(Api.AwardProcurement(s.ConsortiumId, p, amount, vendor: "Acme"));
        await Api.Ok(Api.InvoiceProcurement(s.ConsortiumId, p, amount, invoiceNumber: invoiceNumber));
        return p;
    }

    private object Shares(RestatementScenario s, params (string Code, string Amount)[] shares) =>
        shares.ToDictionary(x => s[x.Code].ToString(), x => (object)new { amount = x.Amount, currency = "USD" });

    private async Task<Dictionary<string, string>> Outstanding(RestatementScenario s) =>
        (await Api.Ok(Api.Get($"/consortia/{s.ConsortiumId}/balances?asOf=2026-12-31"))).GetProperty("members").EnumerateArray()
        .ToDictionary(m => m.GetProperty("memberCode").GetString()!, m => Amount(m, "outstanding"));

    [Fact]
    public async Task An_amendment_that_can_split_a_pending_procurement_splits_it_and_says_it_resolved_it()
    {
        var s = await Agreed();
        var p = await Procure(s, "Atlas reprints", "3000.00", "AT-1");
        Assert.StartsWith("Needs a decision", (await Api.Ok(Api.Procurement(s.ConsortiumId, p))).GetProperty("needsDecision").GetString());
        await Api.Ok(Amend(s), 201);

        var result = await Api.Ok(s.Restate(2));

        Assert.Equal(1, result.GetProperty("restated").GetInt32());
        Assert.Equal(new Dictionary<string, (string, string, string)>
        {
            ["A procurement"] = ("0.00", "2250.00", "2250.00"),
            ["B procurement"] = ("0.00", "750.00", "750.00"),
        }, Lines(result.GetProperty("report")));
        Assert.Empty(result.GetProperty("report").GetProperty("leftAsDecided").EnumerateArray());

        var read = await Api.Ok(Api.Procurement(s.ConsortiumId, p));
        Assert.Equal(JsonValueKind.Null, read.GetProperty("needsDecision").ValueKind);
        Assert.Equal(2, read.GetProperty("apportionment").GetProperty("agreementVersion").GetInt32());
        Assert.Equal(new Dictionary<Guid, string> { [s["A"]] = "2250.00", [s["B"]] = "750.00" }, read.Shares());
        Assert.Equal(0, (await Api.Ok(Api.Get($"/consortia/{s.ConsortiumId}/reconciliation?fiscalYear=2026"))).GetProperty("needsDecision").GetInt32());
        var owed = await Outstanding(s);
        Assert.Equal(("2250.00", "750.00"), (owed["A"], owed["B"]));

        // The split's event names the amendment that resolved it; the member's explanation says so.
        var item = Assert.Single((await Api.Ok(Api.Obligations(s.ConsortiumId, s["A"], 2026))).ProcurementItems());
        var explanation = item.GetProperty("explanation").GetString()!;
        Assert.Contains("agreement version 2", explanation);
        Assert.Contains("version 1's could not", explanation);
        Assert.Contains("waiting for a decision", explanation);
        var postings = await LedgerChecks.Postings(Host, s.ConsortiumId);
        var split = postings.Where(x => x.EventType == "ProcurementCostApportioned").ToList();
        Assert.NotEmpty(split);
        Assert.All(split, x => Assert.Equal(2, x.AgreementVersion));
        // The fund paid the 3,000.00 invoice and is credited the 3,000.00 of shares: it bears nothing.
        Assert.Equal(0L, postings.Where(x => x.Account == "central-fund").Sum(x => x.Debit - x.Credit));

        Assert.Equal(0, (await Api.Ok(s.Restate(2))).GetProperty("restated").GetInt32()); // nothing left to split
        await LedgerChecks.AssertBalanced(Host, s.ConsortiumId);
        await LedgerChecks.AssertRebuildEqualsStored(Host, s.ConsortiumId);
    }

    /// <summary>
    /// Finance decided "Atlas reprints" (A 2,000.00, B 1,000.00; the fund bears nothing) and the subscription's 1,000.00 invoiced
    /// before any usage (A 400.00, B 300.00, C 300.00). "Globe reprints", 5,000.00, split by version 1 (equal, 2,500.00 each, above
    /// the floors), is re-priced by FTE: A 3,750.00 (+1,250.00), B 1,250.00 (−1,250.00). The decided splits stay as decided.
    /// </summary>
    [Fact]
    public async Task A_restatement_leaves_splits_finance_decided_as_decided_and_says_why()
    {
        var s = await Agreed();
        var atlas = await Procure(s, "Atlas reprints", "3000.00", "AT-1");
        var globe = await Procure(s, "Globe reprints", "5000.00", "GL-1");
        await Api.Ok(Api.Post($"/consortia/{s.ConsortiumId}/procurements/{atlas}/split-decision",
            new { reason = "Council split the reprints 2:1", shares = Shares(s, ("A", "2000.00"), ("B", "1000.00")) }), 201);
        var sub = await s.SubscribeAndInvoice("1000.00"); // split by usage before any usage: waits for a decision
        await Api.Ok(Api.Post($"/consortia/{s.ConsortiumId}/subscriptions/{sub}/terms/1/split-decision",
            new { reason = "No usage from the vendor; by last year's use", shares = Shares(s, ("A", "400.00"), ("B", "300.00"), ("C", "300.00")) }), 201);
        await Api.Ok(Amend(s), 201);

        var result = await Api.Ok(s.Restate(2));

        Assert.Equal(1, result.GetProperty("restated").GetInt32()); // Globe only
        var report = result.GetProperty("report");
        Assert.Equal(new Dictionary<string, (string, string, string)>
        {
            ["A procurement"] = ("2500.00", "3750.00", "1250.00"),
            ["B procurement"] = ("2500.00", "1250.00", "-1250.00"),
        }, Lines(report));
        var left = report.GetProperty("leftAsDecided").EnumerateArray().ToDictionary(l => l.GetProperty("kind").GetString()!);
        Assert.Equal(["procurement", "subscription"], left.Keys.Order());
        Assert.Equal(atlas, left["procurement"].GetProperty("sourceId").GetGuid());
        Assert.Equal(sub, left["subscription"].GetProperty("sourceId").GetGuid());
        Assert.All(left.Values, l => Assert.Equal(1, l.GetProperty("pricedByAgreementVersion").GetInt32()));
        Assert.Contains("finance decided", left["procurement"].GetProperty("reason").GetString());
        Assert.Contains("Council split the reprints 2:1", left["procurement"].GetProperty("reason").GetString());
        Assert.Contains("by last year's use", left["subscription"].GetProperty("reason").GetString());
        Assert.Equal(("Council split the reprints 2:1", "No usage from the vendor; by last year's use"),
            (left["procurement"].GetProperty("decidedBecause").GetString(), left["subscription"].GetProperty("decidedBecause").GetString()));
        var csv = await (await Host.Host.Scenario(x => x.Get.Url($"/consortia/{s.ConsortiumId}/agreement/versions/2/restatement.csv"))).ReadAsTextAsync();
        Assert.Equal(2, csv.Split('\n').Count(l => l.StartsWith("left as decided,", StringComparison.Ordinal)));

        // The decided shares stand; version 2 alone would have given Atlas A 2,250.00, B 750.00.
        Assert.Equal(new Dictionary<Guid, string> { [s["A"]] = "2000.00", [s["B"]] = "1000.00" }, (await Api.Ok(Api.Procurement(s.ConsortiumId, atlas))).Shares());
        Assert.Equal(new Dictionary<Guid, string> { [s["A"]] = "3750.00", [s["B"]] = "1250.00" }, (await Api.Ok(Api.Procurement(s.ConsortiumId, globe))).Shares());
        // A: 2,000.00 + 3,750.00 + 400.00; B: 1,000.00 + 1,250.00 + 300.00; C: 300.00.
        var owed = await Outstanding(s);
        Assert.Equal(("6150.00", "2550.00", "300.00"), (owed["A"], owed["B"], owed["C"]));

        Assert.Equal(0, (await Api.Ok(s.Restate(2))).GetProperty("restated").GetInt32());
        Assert.Equal(2, (await Api.Ok(s.Report(2))).GetProperty("leftAsDecided").GetArrayLength());
        await LedgerChecks.AssertBalanced(Host, s.ConsortiumId);
        await LedgerChecks.AssertRebuildEqualsStored(Host, s.ConsortiumId);
    }
}
