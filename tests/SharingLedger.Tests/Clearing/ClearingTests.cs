using System.Text.Json;
using SharingLedger.Tests.Support;
using SharingLedger.Tests.Loans;

namespace SharingLedger.Tests.Clearing;

public class ClearingTests(LedgerHost host) : LedgerTest(host)
{
    /// <summary>
    /// The <c>clearing</c> case of cost-sharing.json (clearing-with-reciprocal-pair-and-max-cost), recorded over HTTP: fee 0.26,
    /// A and B reciprocal; the charges 15, 15, 20, 15, 25 are the schedule's normal, normal, rush, normal and express prices.
    /// </summary>
    private async Task<LoanScenario> TheClearingCase()
    {
        var s = await LoanScenario.Create(Host, Api, ids => LoanScenario.DefaultFees([[ids["A"], ids["B"]]]), "A", "B", "C");
        await s.Shipped("A", "C", "2026-10-05");
        await s.Shipped("B", "C", "2026-10-06");
        await s.Shipped("C", "A", "2026-10-07", level: "rush");
        await s.Shipped("A", "B", "2026-10-08");
        await s.Shipped("B", "C", "2026-10-09", level: "express", maxCost: "20.00");
        return s;
    }

    [Fact]
    public async Task The_shared_clearing_case_nets_each_member_and_the_fund_to_zero()
    {
        var s = await TheClearingCase();

        var clearing = await Api.Ok(s.Clearing("2026-10"));

        Assert.Equal(new Dictionary<string, string> { ["A"] = "4.74", ["B"] = "-15.26", ["C"] = "9.74", ["_fund"] = "0.78" }, LoanScenario.Nets(clearing));
        Assert.True(clearing.GetProperty("balanced").GetBoolean());
        Assert.False(clearing.GetProperty("settled").GetBoolean());
        Assert.Equal(["billed", "billed", "billed", "reciprocalFree", "aboveMaxCost"],
            clearing.GetProperty("charges").EnumerateArray().Select(c => c.GetProperty("outcome").GetString()));
        var a = Position(clearing, "A");
        Assert.Equal(("20.00", "15.00", "0.26", 1), (LoanScenario.Amount(a, "lent"), LoanScenario.Amount(a, "borrowed"), LoanScenario.Amount(a, "fees"),
            a.GetProperty("billedBorrowings").GetInt32()));
        Assert.Equal("receives", a.GetProperty("settlement").GetString());
        Assert.Equal("pays", Position(clearing, "B").GetProperty("settlement").GetString());
    }

    [Fact]
    public async Task A_month_with_no_charges_clears_to_zero_and_other_months_are_untouched()
    {
        var s = await TheClearingCase();

        var september = await Api.Ok(s.Clearing("2026-09"));

        Assert.Equal(new Dictionary<string, string> { ["A"] = "0.00", ["B"] = "0.00", ["C"] = "0.00", ["_fund"] = "0.00" }, LoanScenario.Nets(september));
        Assert.Equal(0, september.GetProperty("charges").GetArrayLength());
        Assert.Equal(400, (await s.Clearing("2026-13")).Status);
        Assert.Equal(404, (await Api.Get($"/consortia/{Guid.NewGuid()}/clearing/2026-10")).Status);
    }

    [Fact]
    public async Task Settling_records_the_positions_once_and_a_late_shipment_is_cleared_in_the_first_open_month_naming_the_settled_one()
    {
        var s = await TheClearingCase();

        var settled = await Api.Ok(s.Settle("2026-10"), 201);
        var (again, conflict) = await s.Settle("2026-10");
        // Reported after October was settled, a shipment of 21 October is still the fact: it is recorded (issue 13, item 3).
        var late = await s.Request("A", "C", on: "2026-10-20");
        await s.Do(late, "shipped", new { on = "2026-10-21" });

        Assert.True(settled.GetProperty("settled").GetBoolean());
        Assert.Equal(409, again);
        Assert.Contains("already settled", conflict.GetProperty("detail").GetString());
        Assert.Equal("shipped", await s.State(late));
        var read = await Api.Ok(s.Clearing("2026-10"));
        Assert.True(read.GetProperty("settled").GetBoolean());
        Assert.Equal(new Dictionary<string, string> { ["A"] = "4.74", ["B"] = "-15.26", ["C"] = "9.74", ["_fund"] = "0.78" }, LoanScenario.Nets(read));
        // Its charge (a normal loan, 15.00 to C, and the 0.26 fee from A) is in November's clearing, as an adjustment of October.
        var november = await Api.Ok(s.Clearing("2026-11"));
        Assert.Equal(new Dictionary<string, string> { ["A"] = "-15.26", ["B"] = "0.00", ["C"] = "15.00", ["_fund"] = "0.26" }, LoanScenario.Nets(november));
        var charge = november.GetProperty("charges").EnumerateArray().Single();
        Assert.Equal(("2026-10-21", "2026-10"), (charge.GetProperty("on").GetString(), charge.GetProperty("adjustsMonth").GetString()));
    }

    [Fact]
    public async Task A_month_that_is_not_over_cannot_be_settled()
    {
        var s = await TheClearingCase();

        var (status, body) = await s.Settle("2026-11");

        Assert.Equal(422, status);
        Assert.True(body.GetProperty("errors").TryGetProperty("month", out _));
        Assert.False((await Api.Ok(s.Clearing("2026-11"))).GetProperty("settled").GetBoolean());
    }

    [Fact]
    public async Task A_settled_month_enters_each_members_obligations_as_what_it_owes()
    {
        var s = await TheClearingCase();
        await Api.Ok(s.Settle("2026-10"), 201);

        var owed = new Dictionary<string, string>();
        foreach (var code in new[] { "A", "B", "C" })
        {
            var o = await Api.Ok(Api.Obligations(s.ConsortiumId, s.Members[code], 2026));
            var item = o.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("kind").GetString() == "clearing");
            owed[code] = LoanScenario.Amount(item, "amount");
            Assert.Contains("2026-10", item.GetProperty("explanation").GetString());
        }

        // The position negated: A and C are paid by the clearing account, B pays it.
        Assert.Equal(new Dictionary<string, string> { ["A"] = "-4.74", ["B"] = "15.26", ["C"] = "-9.74" }, owed);
        Assert.DoesNotContain("clearing", (await Api.Ok(Api.Obligations(s.ConsortiumId, s.Members["A"], 2025))).GetProperty("items").EnumerateArray()
            .Select(i => i.GetProperty("kind").GetString()));
    }

    [Fact]
    public async Task An_unsettled_month_is_not_an_obligation()
    {
        var s = await TheClearingCase();

        var o = await Api.Ok(Api.Obligations(s.ConsortiumId, s.Members["B"], 2026));

        Assert.DoesNotContain("clearing", o.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("kind").GetString()));
    }

    [Fact]
    public async Task A_month_has_a_position_for_each_member_in_the_consortium_during_it_and_for_no_other()
    {
        var s = await TheClearingCase(); // A, B and C admitted on 1 January 2025
        var c = s.ConsortiumId;
        await Api.AdmitMember(c, "D", effectiveFrom: "2026-11-01"); // admitted after October
        var gone = await Api.AdmitMember(c, "E");
        await Api.Ok(Api.Post($"/consortia/{c}/members/{gone}/withdrawal", new { effectiveFrom = "2026-10-01", reason = "Closed" })); // gone as October began
        var leaving = await Api.AdmitMember(c, "F");
        await Api.Ok(Api.Post($"/consortia/{c}/members/{leaving}/withdrawal", new { effectiveFrom = "2026-10-15", reason = "Merged" })); // left during October

        var october = await Api.Ok(s.Clearing("2026-10"));

        Assert.Equal(["A", "B", "C", "F"], october.GetProperty("positions").EnumerateArray().Select(p => p.GetProperty("memberCode").GetString()));
        var f = Position(october, "F");
        Assert.Equal(("0.00", "none"), (LoanScenario.Amount(f, "net"), f.GetProperty("settlement").GetString()));
        Assert.Equal(new Dictionary<string, string> { ["A"] = "4.74", ["B"] = "-15.26", ["C"] = "9.74", ["F"] = "0.00", ["_fund"] = "0.78" }, LoanScenario.Nets(october));
    }

    private static JsonElement Position(JsonElement clearing, string code) =>
        clearing.GetProperty("positions").EnumerateArray().Single(p => p.GetProperty("memberCode").GetString() == code);
}
