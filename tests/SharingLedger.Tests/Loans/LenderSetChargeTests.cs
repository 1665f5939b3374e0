using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Loans;

/// <summary>
/// The agreement's term <c>lendersSetCharge</c>: the cost a lender states with a delivery is the charge, billed within the
/// borrower's maximum; without the term, or without a stated cost in the base currency, the schedule's charge (default
/// fees: normal loan 15.00, 0.20 a page after 10 free pages per copy, transaction fee 0.26). Figures worked out by hand.
/// </summary>
public class LenderSetChargeTests(LedgerHost host) : LedgerTest(host)
{
    private Task<LoanScenario> Consortium(bool lendersSetCharge) => LoanScenario.Create(Host, Api, _ =>
    {
        var fees = LoanScenario.DefaultFees();
        fees["lendersSetCharge"] = lendersSetCharge;
        return fees;
    }, "A", "B");

    private static (string Charge, string Billed, string Outcome) Figures(System.Text.Json.JsonElement loan)
    {
        var c = loan.GetProperty("charge");
        return (LoanScenario.Amount(c, "charge"), LoanScenario.Amount(c, "billed"), c.GetProperty("outcome").GetString()!);
    }

    [Fact]
    public async Task Where_lenders_set_their_charge_the_stated_cost_is_charged_within_the_maximum_and_the_schedule_fills_the_gaps()
    {
        var s = await Consortium(lendersSetCharge: true);
        var within = await s.Request("A", "B", maxCost: "20.00", on: "2026-10-01");
        await s.Do(within, "shipped", new { on = "2026-10-02", statedCost = LoanScenario.Usd("12.50") });
        var above = await s.Request("A", "B", maxCost: "20.00", on: "2026-10-01");
        await s.Do(above, "shipped", new { on = "2026-10-02", statedCost = LoanScenario.Usd("22.00") });
        var euros = await s.Request("A", "B", on: "2026-10-01");
        await s.Do(euros, "shipped", new { on = "2026-10-02", statedCost = new { amount = "10.00", currency = "EUR" } });
        var none = await s.Request("A", "B", on: "2026-10-01");
        await s.Do(none, "shipped", new { on = "2026-10-02" });
        var copy = await s.Request("A", "B", type: "copy", on: "2026-10-01");
        await s.Do(copy, "copyCompleted", new { on = "2026-10-02", pages = 30, statedCost = LoanScenario.Usd("7.00") });

        Assert.Equal(("12.50", "12.50", "billed"), Figures(await s.Loan(within)));
        Assert.Equal(("22.00", "0.00", "aboveMaxCost"), Figures(await s.Loan(above))); // above the borrower's 20.00: not billed
        var inEuros = await s.Loan(euros);
        Assert.Equal(("15.00", "15.00", "billed"), Figures(inEuros)); // not in the base currency: the schedule
        Assert.Equal(("10.00", "EUR"), (LoanScenario.Amount(inEuros, "statedCost"), inEuros.GetProperty("statedCost").GetProperty("currency").GetString()));
        Assert.Equal(("15.00", "15.00", "billed"), Figures(await s.Loan(none)));
        Assert.Equal(("7.00", "7.00", "billed"), Figures(await s.Loan(copy))); // the schedule would be (30 − 10) × 0.20 = 4.00

        // Billed: 12.50 + 15.00 + 15.00 + 7.00 = 49.50 from A to B, and 4 × 0.26 = 1.04 to the fund.
        var nets = LoanScenario.Nets(await Api.Ok(s.Clearing("2026-10")));
        Assert.Equal(new Dictionary<string, string> { ["A"] = "-50.54", ["B"] = "49.50", ["_fund"] = "1.04" }, nets);
    }

    [Fact]
    public async Task Without_the_term_the_schedule_is_charged_and_the_stated_cost_is_only_kept()
    {
        var s = await Consortium(lendersSetCharge: false);
        var loan = await s.Request("A", "B", maxCost: "20.00", on: "2026-10-01");
        await s.Do(loan, "shipped", new { on = "2026-10-02", statedCost = LoanScenario.Usd("12.50") });
        var copy = await s.Request("A", "B", type: "copy", on: "2026-10-01");
        await s.Do(copy, "copyCompleted", new { on = "2026-10-02", pages = 30, statedCost = LoanScenario.Usd("7.00") });

        var shipped = await s.Loan(loan);
        Assert.Equal(("15.00", "15.00", "billed"), Figures(shipped));
        Assert.Equal("12.50", LoanScenario.Amount(shipped, "statedCost"));
        Assert.Equal(("4.00", "4.00", "billed"), Figures(await s.Loan(copy)));
        var nets = LoanScenario.Nets(await Api.Ok(s.Clearing("2026-10")));
        Assert.Equal(new Dictionary<string, string> { ["A"] = "-19.52", ["B"] = "19.00", ["_fund"] = "0.52" }, nets);
    }
}
