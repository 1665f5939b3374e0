using System.Text.Json;
using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Loans.Statistics;

/// <summary>
/// Document-delivery statistics against figures worked by hand. Fees: a normal loan 15.00, a copy 0.20 a page after
/// 10 free pages. The traffic (requested → filled, days):
///   1. A borrows from B, 2026-10-01 → shipped 10-04 (3 days), 15.00 in October
///   2. A borrows from B, 2026-10-10 → unfilled 10-11
///   3. C copies from B, 2026-10-12 → 30 pages delivered 10-20 (8 days), 4.00 in October
///   4. B borrows from A, 2026-10-30 → shipped 11-02 (3 days), 15.00 in November
///   5. A borrows from C, 2026-11-03 → shipped 11-09 (6 days), 15.00 in November
///   6. A borrows from B, 2026-11-05, still requested
/// </summary>
public class IllStatisticsTests(LedgerHost host) : LedgerTest(host)
{
    private async Task<LoanScenario> Traffic()
    {
        var s = await LoanScenario.WithDefaultFees(Host, Api, "A", "B", "C");
        var l1 = await s.Request("A", "B", on: "2026-10-01");
        await s.Do(l1, "shipped", new { on = "2026-10-04" });
        var l2 = await s.Request("A", "B", on: "2026-10-10");
        await s.Do(l2, "unfilled", new { on = "2026-10-11" });
        var l3 = await s.Request("C", "B", type: "copy", on: "2026-10-12");
        await s.Do(l3, "copyCompleted", new { on = "2026-10-20", pages = 30 });
        var l4 = await s.Request("B", "A", on: "2026-10-30");
        await s.Do(l4, "shipped", new { on = "2026-11-02" });
        var l5 = await s.Request("A", "C", on: "2026-11-03");
        await s.Do(l5, "shipped", new { on = "2026-11-09" });
        await s.Request("A", "B", on: "2026-11-05");
        return s;
    }

    /// <summary>made, made filled, borrowing fill rate, received, received filled, lending fill rate, median days, billed as lender, billed as borrower.</summary>
    private static string Row(JsonElement f) => string.Join(" ",
        f.GetProperty("requestsMade").GetInt32(), f.GetProperty("requestsMadeFilled").GetInt32(), Num(f, "borrowingFillRate"),
        f.GetProperty("requestsReceived").GetInt32(), f.GetProperty("requestsReceivedFilled").GetInt32(), Num(f, "lendingFillRate"),
        Num(f, "medianTurnaroundDays"), LoanScenario.Amount(f, "chargesBilledAsLender"), LoanScenario.Amount(f, "chargesBilledAsBorrower"));

    private static string Num(JsonElement f, string name) =>
        f.GetProperty(name).ValueKind == JsonValueKind.Null ? "-" : f.GetProperty(name).GetDecimal().ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);

    private static JsonElement Member(JsonElement stats, string code) =>
        stats.GetProperty("members").EnumerateArray().Single(m => m.GetProperty("memberCode").GetString() == code);

    private static JsonElement Month(JsonElement member, string month) =>
        member.GetProperty("months").EnumerateArray().Single(m => m.GetProperty("period").GetString() == month);

    [Fact]
    public async Task A_fiscal_year_per_member_and_month_matches_the_hand_computed_figures()
    {
        var s = await Traffic();
        var stats = await Api.Ok(Api.Get($"/consortia/{s.ConsortiumId}/ill-statistics?fiscalYear=2026"));
        Assert.Equal("2026-01-01", stats.GetProperty("periodStart").GetString());
        Assert.Equal("2026-12-31", stats.GetProperty("periodEnd").GetString());
        Assert.Equal(["A", "B", "C"], stats.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("memberCode").GetString()).ToArray());

        var (a, b, c) = (Member(stats, "A"), Member(stats, "B"), Member(stats, "C"));
        Assert.Equal(12, a.GetProperty("months").GetArrayLength());

        Assert.Equal("2 1 0.5 1 1 1 3 0.00 15.00", Row(Month(a, "2026-10")));
        Assert.Equal("2 1 0.5 0 0 - - 15.00 15.00", Row(Month(a, "2026-11")));
        Assert.Equal("0 0 - 0 0 - - 0.00 0.00", Row(Month(a, "2026-09")));
        Assert.Equal("1 1 1 3 2 0.667 5.5 19.00 0.00", Row(Month(b, "2026-10")));
        Assert.Equal("0 0 - 1 0 0 - 0.00 15.00", Row(Month(b, "2026-11")));
        Assert.Equal("1 1 1 0 0 - - 0.00 4.00", Row(Month(c, "2026-10")));
        Assert.Equal("0 0 - 1 1 1 6 15.00 0.00", Row(Month(c, "2026-11")));

        Assert.Equal("FY2026", a.GetProperty("total").GetProperty("period").GetString());
        Assert.Equal("4 2 0.5 1 1 1 3 15.00 30.00", Row(a.GetProperty("total")));
        Assert.Equal("1 1 1 4 2 0.5 5.5 19.00 15.00", Row(b.GetProperty("total")));
        Assert.Equal("1 1 1 1 1 1 6 15.00 4.00", Row(c.GetProperty("total")));
        // The consortium: turnarounds 3, 8, 3, 6 → median 4.5; every charge is one member's credit and another's debit.
        Assert.Equal("6 4 0.667 6 4 0.667 4.5 49.00 49.00", Row(stats.GetProperty("consortium")));
    }

    [Fact]
    public async Task A_month_alone_and_bad_queries()
    {
        var s = await Traffic();
        var stats = await Api.Ok(Api.Get($"/consortia/{s.ConsortiumId}/ill-statistics?month=2026-10"));
        Assert.Equal("2026-10-31", stats.GetProperty("periodEnd").GetString());
        Assert.Equal("4 3 0.75 4 3 0.75 3 19.00 19.00", Row(stats.GetProperty("consortium")));
        Assert.Equal("1 1 1 3 2 0.667 5.5 19.00 0.00", Row(Member(stats, "B").GetProperty("total")));
        Assert.Equal(1, Member(stats, "B").GetProperty("months").GetArrayLength());
        // November counts loan 4's charge (requested in October, shipped 11-02) beside loan 5's, and its requests 5 and 6.
        var november = await Api.Ok(Api.Get($"/consortia/{s.ConsortiumId}/ill-statistics?month=2026-11"));
        Assert.Equal("2 1 0.5 2 1 0.5 6 30.00 30.00", Row(november.GetProperty("consortium")));
        Assert.Equal("2 1 0.5 0 0 - - 15.00 15.00", Row(Member(november, "A").GetProperty("total")));

        Assert.Equal(400, (await Api.Get($"/consortia/{s.ConsortiumId}/ill-statistics")).Status);
        Assert.Equal(400, (await Api.Get($"/consortia/{s.ConsortiumId}/ill-statistics?fiscalYear=2026&month=2026-10")).Status);
        Assert.Equal(400, (await Api.Get($"/consortia/{s.ConsortiumId}/ill-statistics?month=2026-13")).Status);
        Assert.Equal(404, (await Api.Get($"/consortia/{Guid.NewGuid()}/ill-statistics?fiscalYear=2026")).Status);
    }

    [Fact]
    public async Task A_withdrawn_member_appears_only_in_the_periods_it_borrowed_or_lent_in()
    {
        // D borrows from B on 2026-10-30 and withdraws from 2026-11-01; B ships on 11-02, so D is billed 15.00 in November
        // (the turnaround counts in October, the month of the request, as a lender's).
        // E withdraws from 2026-11-01 too, having done nothing. Neither is a member on any day of November.
        var s = await LoanScenario.WithDefaultFees(Host, Api, "B", "D", "E");
        var loan = await s.Request("D", "B", on: "2026-10-30");
        foreach (var code in new[] { "D", "E" })
            await Api.Ok(Api.Post($"/consortia/{s.ConsortiumId}/members/{s.Members[code]}/withdrawal", new { effectiveFrom = "2026-11-01", reason = "Merged" }));
        await s.Do(loan, "shipped", new { on = "2026-11-02" });

        var november = await Api.Ok(Api.Get($"/consortia/{s.ConsortiumId}/ill-statistics?month=2026-11"));
        Assert.Equal(["B", "D"], november.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("memberCode").GetString()).ToArray());
        Assert.Equal("0 0 - 0 0 - - 0.00 15.00", Row(Member(november, "D").GetProperty("total")));
        Assert.Equal("0 0 - 0 0 - - 15.00 0.00", Row(Member(november, "B").GetProperty("total")));

        // October: all three were members; D made the request and B received it.
        var october = await Api.Ok(Api.Get($"/consortia/{s.ConsortiumId}/ill-statistics?month=2026-10"));
        Assert.Equal(["B", "D", "E"], october.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("memberCode").GetString()).ToArray());
        Assert.Equal("1 1 1 0 0 - - 0.00 0.00", Row(Member(october, "D").GetProperty("total")));

        // 2027: B alone.
        var next = await Api.Ok(Api.Get($"/consortia/{s.ConsortiumId}/ill-statistics?fiscalYear=2027"));
        Assert.Equal(["B"], next.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("memberCode").GetString()).ToArray());
    }
}
