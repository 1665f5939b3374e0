using System.Text.Json;
using SharingLedger.Tests.Loans;
using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Membership;

/// <summary>
/// Libraries outside the consortium as parties to loans (issue 15 item 10): X is registered with POST …/external-libraries
/// beside members A and B under the test schedule (normal loan 15.00, rush 20.00, 0.20 a page past 10 free, fee 0.26).
/// </summary>
public class ExternalLibraryTests(LedgerHost host) : LedgerTest(host)
{
    private async Task<Guid> Register(LoanScenario s, string code, string effectiveFrom = "2025-01-01")
    {
        var id = (await Api.Ok(Api.Post($"/consortia/{s.ConsortiumId}/external-libraries",
            new { code, name = $"Library {code} of the national network", kind = "academic", effectiveFrom }), 201)).GetProperty("id").GetGuid();
        s.Members[code] = id;
        return id;
    }

    [Fact]
    public async Task An_external_library_borrows_and_lends_and_clears_on_its_own_account()
    {
        var s = await LoanScenario.WithDefaultFees(Host, Api, "A", "B");
        var x = await Register(s, "X");
        await Api.Ok(Api.Post($"/consortia/{s.ConsortiumId}/members/{x}/identifiers", new { illAgencyIds = new[] { "ISIL:XN-001" } }));

        await s.Shipped("X", "A", "2026-10-05");                 // X borrows a normal loan from A: 15.00 and the fee
        await s.Shipped("A", "X", "2026-10-06", level: "rush");  // A borrows a rush loan from X: 20.00 and the fee
        var copy = await s.Request("B", "X", type: "copy", on: "2026-10-07");
        await s.Do(copy, "copyCompleted", new { on = "2026-10-07", pages = 25 }); // 15 pages past the 10 free at 0.20: 3.00 and the fee

        var clearing = await Api.Ok(s.Clearing("2026-10"));
        // A: lent 15, borrowed 20, fee 0.26 → -5.26. B: borrowed 3, fee 0.26 → -3.26. X: lent 20 + 3, borrowed 15, fee 0.26 → +7.74.
        // The fund takes three fees, 0.78; together they net to zero.
        Assert.Equal(new Dictionary<string, string> { ["A"] = "-5.26", ["B"] = "-3.26", ["X"] = "7.74", ["_fund"] = "0.78" }, LoanScenario.Nets(clearing));
        Assert.True(clearing.GetProperty("balanced").GetBoolean());

        var settled = await Api.Ok(s.Settle("2026-10"), 201);
        Assert.Equal("7.74", LoanScenario.Nets(settled)["X"]);
        // Settled, the month enters X's obligations like a member's: the clearing account owes X its position (7.74 credited).
        var owed = (await Api.Ok(Api.Obligations(s.ConsortiumId, x, 2026))).GetProperty("items").EnumerateArray()
            .Single(i => i.GetProperty("kind").GetString() == "clearing");
        Assert.Equal("-7.74", LoanScenario.Amount(owed, "amount"));
        Assert.DoesNotContain("dues", (await Api.Ok(Api.Obligations(s.ConsortiumId, x, 2026))).GetProperty("items").EnumerateArray()
            .Select(i => i.GetProperty("kind").GetString()));
        var directory = await Api.Ok(Api.Get($"/consortia/{s.ConsortiumId}/directory"));
        var entry = directory.EnumerateArray().Single(e => e.GetProperty("code").GetString() == "X");
        Assert.True(entry.GetProperty("external").GetBoolean());
        Assert.Equal(["ISIL:XN-001"], entry.GetProperty("illAgencyIds").EnumerateArray().Select(i => i.GetString()));
        Assert.False(directory.EnumerateArray().Single(e => e.GetProperty("code").GetString() == "A").GetProperty("external").GetBoolean());
    }

    [Fact]
    public async Task An_external_library_pays_no_dues_and_has_no_vote()
    {
        var s = await LoanScenario.WithDefaultFees(Host, Api, "A", "B");
        var x = await Register(s, "X");

        var dues = await Api.Ok(Api.AssessDues(s.ConsortiumId, 2026), 201);
        var (status, body) = await Api.Post($"/consortia/{s.ConsortiumId}/agreement/versions", new
        {
            version = 2, effectiveFrom = "2026-06-01", signatories = new[] { s.Members["A"], x },
            dues = new { annualAmount = LoanScenario.Usd("1000.00"), rule = new { method = "equal" } },
        });

        // 1,000.00 of dues split equally among the two members: 500.00 each, nothing to X.
        var text = dues.GetRawText();
        Assert.Contains(s.Members["A"].ToString(), text);
        Assert.DoesNotContain(x.ToString(), text);
        Assert.Equal(422, status);
        Assert.True(body.GetProperty("errors").TryGetProperty("signatories[1]", out _));
        Assert.Equal(409, (await Api.Post($"/consortia/{s.ConsortiumId}/external-libraries", new { code = "A", name = "Again", kind = "public", effectiveFrom = "2025-01-01" })).Status);
        Assert.Equal(422, (await Api.Post($"/consortia/{s.ConsortiumId}/external-libraries", new { code = "Y", name = "No kind", effectiveFrom = "2025-01-01" })).Status);
        Assert.Equal(404, (await Api.Post($"/consortia/{Guid.NewGuid()}/external-libraries", new { code = "Y", name = "Y", kind = "public", effectiveFrom = "2025-01-01" })).Status);
    }

    [Fact]
    public async Task An_external_lender_counts_in_net_lender_reimbursement()
    {
        var fees = LoanScenario.DefaultFees();
        fees["reimbursement"] = new { method = "netLender", pool = LoanScenario.Usd("1000.00"), perLoanShare = 0.5m };
        var s = await LoanScenario.Create(Host, Api, _ => fees, "A", "B");
        await Register(s, "X");
        await s.Shipped("A", "X", "2026-03-02");
        await s.Shipped("A", "X", "2026-05-11");
        await s.Shipped("B", "A", "2026-06-30");

        var r = await Api.Ok(Api.Get($"/consortia/{s.ConsortiumId}/reimbursement/2026"));

        // Loans X 2, A 1, B 0; borrowings X 0, A 2, B 1. Per loan: 500 × 2/3 = 333.333… to X, 500 × 1/3 = 166.666… to A;
        // net: only X (+2) lends more than it borrows and takes the other 500. X 833.333… and A 166.666… round once: the cent to A.
        var payouts = r.GetProperty("payouts").EnumerateArray()
            .ToDictionary(p => p.GetProperty("memberCode").GetString()!, p => p.GetProperty("amount").GetProperty("amount").GetString()!);
        Assert.Equal(new Dictionary<string, string> { ["A"] = "166.67", ["B"] = "0.00", ["X"] = "833.33" }, payouts);
    }
}
