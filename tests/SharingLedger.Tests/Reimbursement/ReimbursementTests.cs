using System.Text.Json;
using SharingLedger.Tests.Support;
using SharingLedger.Tests.Loans;

namespace SharingLedger.Tests.Reimbursement;

/// <summary>
/// Net-lender reimbursement over HTTP with numbers small enough to work by hand. The shared <c>reimburse</c> case
/// (6,000 loans) is checked against the same kernel engine in SharingLedger.Kernel.Tests, not recorded loan by loan here.
/// </summary>
public class ReimbursementTests(LedgerHost host) : LedgerTest(host)
{
    private static Func<Dictionary<string, Guid>, object?> With(object reimbursement) => _ =>
    {
        var fees = LoanScenario.DefaultFees();
        fees["reimbursement"] = reimbursement;
        return fees;
    };

    /// <summary>A lends B two loans, B lends C one: loans A 2, B 1, C 0; borrowings A 0, B 2, C 1.</summary>
    private static async Task Traffic(LoanScenario s)
    {
        await s.Shipped("B", "A", "2026-03-02");
        await s.Shipped("B", "A", "2026-05-11");
        await s.Shipped("C", "B", "2026-06-30");
        var copy = await s.Request("C", "A", type: "copy", on: "2025-12-30");
        await s.Do(copy, "copyCompleted", new { on = "2025-12-31", pages = 5 }); // fiscal year 2025: not counted
        await s.Request("A", "C", on: "2026-07-01");                              // requested, never shipped: not counted
    }

    [Fact]
    public async Task The_pool_is_paid_half_per_loan_and_half_to_net_lenders_rounded_once()
    {
        var s = await LoanScenario.Create(Host, Api, With(new { method = "netLender", pool = LoanScenario.Usd("1000.00"), perLoanShare = 0.5m }), "A", "B", "C");
        await Traffic(s);

        var r = await Api.Ok(Api.Get($"/consortia/{s.ConsortiumId}/reimbursement/2026"));

        // Per loan: 500 × 2/3 = 333.333…, 500 × 1/3 = 166.666…; net: only A (+2) is a net lender and takes the other 500.
        // A 833.333… and B 166.666… round once: the cent goes to B, the larger remainder.
        Assert.Equal(new Dictionary<string, string> { ["A"] = "833.33", ["B"] = "166.67", ["C"] = "0.00" }, Payouts(r));
        Assert.Equal("1000.00", LoanScenario.Amount(r, "total"));
        Assert.Equal("0.00", LoanScenario.Amount(r, "unspent"));
        var a = Line(r, "A");
        Assert.Equal((2, 0, 2), (a.GetProperty("loans").GetInt32(), a.GetProperty("borrows").GetInt32(), a.GetProperty("netLending").GetInt32()));
        Assert.Equal("833.333333", a.GetProperty("exactAmount").GetString());
        Assert.Equal(1, Line(r, "B").GetProperty("roundingAdjustmentMinor").GetInt32());
    }

    [Fact]
    public async Task A_fixed_amount_per_loan_is_capped_at_the_documented_cost()
    {
        var s = await LoanScenario.Create(Host, Api, With(new { method = "perLoan", ratePerLoan = LoanScenario.Usd("10.00") }), "A", "B", "C");
        await Traffic(s);
        await Api.Ok(Api.Post($"/consortia/{s.ConsortiumId}/reimbursement/2026/documented-costs", new { memberId = s.Members["A"], documentedCost = LoanScenario.Usd("15.00") }));
        await Api.Ok(Api.Post($"/consortia/{s.ConsortiumId}/reimbursement/2026/documented-costs", new { memberId = s.Members["B"], documentedCost = LoanScenario.Usd("50.00") }));

        var r = await Api.Ok(Api.Get($"/consortia/{s.ConsortiumId}/reimbursement/2026"));

        Assert.Equal(new Dictionary<string, string> { ["A"] = "15.00", ["B"] = "10.00", ["C"] = "0.00" }, Payouts(r));
        Assert.True(Line(r, "A").GetProperty("cappedAtCost").GetBoolean());
        Assert.Equal("20.00", LoanScenario.Amount(Line(r, "A"), "uncapped"));
        Assert.False(Line(r, "B").GetProperty("cappedAtCost").GetBoolean());
    }

    [Fact]
    public async Task Without_a_programme_the_reimbursement_is_a_422()
    {
        var s = await LoanScenario.WithDefaultFees(Host, Api, "A", "B");

        var (status, body) = await Api.Get($"/consortia/{s.ConsortiumId}/reimbursement/2026");
        var (bad, _) = await Api.Post($"/consortia/{s.ConsortiumId}/reimbursement/2026/documented-costs",
            new { memberId = Guid.NewGuid(), documentedCost = new { amount = "1.00", currency = "EUR" } });

        Assert.Equal(422, status);
        Assert.True(body.GetProperty("errors").TryGetProperty("fiscalYear", out _));
        Assert.Equal(422, bad);
    }

    private static Dictionary<string, string> Payouts(JsonElement r) =>
        r.GetProperty("payouts").EnumerateArray().ToDictionary(p => p.GetProperty("memberCode").GetString()!, p => LoanScenario.Amount(p, "amount"));

    private static JsonElement Line(JsonElement r, string code) =>
        r.GetProperty("payouts").EnumerateArray().Single(p => p.GetProperty("memberCode").GetString() == code);
}
