using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Collecting;

/// <summary>
/// The behind rule against figures worked by hand. The shared clock says 2026-11-27T12:00Z, which is
/// 2026-11-27 20:00 in Asia/Shanghai and 2026-11-28 02:00 in Pacific/Kiritimati (UTC+14).
/// </summary>
public class BehindTests(LedgerHost host) : CollectingTest(host)
{
    /// <summary>
    /// July start: FY 2026 is 2026-07-01..2027-06-30, 365 days. Elapsed to 2026-11-27 inclusive:
    /// 31 + 31 + 30 + 31 + 27 = 150 days, so a member is expected to have spent 150/365 = 30/73 of its commitment.
    /// </summary>
    [Fact]
    public async Task Members_below_the_pro_rata_expectation_are_behind()
    {
        var c = await Api.EstablishCoConstructionConsortium(fiscalYearStartMonth: 7);
        var ids = new Dictionary<string, Guid>();
        foreach (var code in new[] { "A", "B", "C", "D", "E" }) ids[code] = await Api.AdmitMember(c, code);

        // A: 7300.00 × 30/73 = 3000.00 exactly; 2999.99 is one cent short.
        await Api.Ok(Api.ReportSpend(c, 2026, await Api.Assigned(c, 2026, ids["A"], "Art", "7300.00"), "2999.99"));
        // B: the same expectation met to the cent is not behind.
        await Api.Ok(Api.ReportSpend(c, 2026, await Api.Assigned(c, 2026, ids["B"], "Botany", "7300.00"), "3000.00"));
        // C: 1000.00 × 30/73 = 410.958904..., shown rounded up as 410.96; 400.00 is 10.96 short.
        await Api.Ok(Api.ReportSpend(c, 2026, await Api.Assigned(c, 2026, ids["C"], "Chemistry", "1000.00"), "400.00"));
        // D: 600.00 + 400.00 committed, 410.96 reported on one of them: judged on the member's total, not behind.
        await Api.Ok(Api.ReportSpend(c, 2026, await Api.Assigned(c, 2026, ids["D"], "Dance", "600.00"), "410.96"));
        await Api.Assigned(c, 2026, ids["D"], "Drama", "400.00");
        // E: a withdrawn 5000.00 commitment no longer counts; 100.00 of 100.00 is ahead.
        await Api.Ok(Api.WithdrawAssignment(c, 2026, await Api.Assigned(c, 2026, ids["E"], "Economics", "5000.00")));
        await Api.Ok(Api.ReportSpend(c, 2026, await Api.Assigned(c, 2026, ids["E"], "Ethics", "100.00"), "100.00"));

        var plan = await Api.Ok(Api.CollectingPlan(c, 2026));

        Assert.Equal(("2026-11-27", 150, 365, 41.10m), (plan.GetProperty("asOf").GetString(), plan.GetProperty("elapsedDays").GetInt32(),
            plan.GetProperty("yearDays").GetInt32(), plan.GetProperty("percentElapsed").GetDecimal()));
        var behind = plan.GetProperty("behind").EnumerateArray()
            .Select(m => (m.GetProperty("memberCode").GetString(), Amount(m, "expected"), Amount(m, "shortfall"))).ToList();
        Assert.Equal([("C", "410.96", "10.96"), ("A", "3000.00", "0.01")], behind); // largest shortfall first
        Assert.Equal(("3000.00", "0.00", false), Figures(plan, "B"));
        Assert.Equal(("410.96", "0.00", false), Figures(plan, "D"));
        Assert.Equal(("41.10", "0.00", false), Figures(plan, "E"));
        Assert.Equal(("410.96", "10.96", true), Figures(plan, "C"));
        Assert.Contains("reported × yearDays < committed × elapsedDays", plan.GetProperty("behindRule").GetString());
    }

    /// <summary>
    /// November start: FY 2026 is 2026-11-01..2027-10-31, 365 days. In Kiritimati today is 2026-11-28, 28 days in:
    /// 3650.00 × 28/365 = 280.00 expected, so 275.00 is behind (it would not be on the UTC date, 27 days: 270.00).
    /// </summary>
    [Fact]
    public async Task Today_is_taken_in_the_consortiums_time_zone()
    {
        var c = await Api.EstablishCoConstructionConsortium(fiscalYearStartMonth: 11, timeZone: "Pacific/Kiritimati");
        var a = await Api.AdmitMember(c, "A");
        var assignment = await Api.Assigned(c, 2026, a, "Oceanography", "3650.00");
        await Api.Ok(Api.ReportSpend(c, 2026, assignment, "275.00", reportedOn: "2026-11-28")); // today there

        var plan = await Api.Ok(Api.CollectingPlan(c, 2026));

        Assert.Equal(("2026-11-28", 28), (plan.GetProperty("asOf").GetString(), plan.GetProperty("elapsedDays").GetInt32()));
        Assert.Equal(("280.00", "5.00", true), Figures(plan, "A"));
        Assert.Equal("A", Assert.Single(plan.GetProperty("behind").EnumerateArray()).GetProperty("memberCode").GetString());
    }

    [Fact]
    public async Task Nothing_is_expected_before_the_year_starts_and_everything_after_it_ends()
    {
        var c = await Api.EstablishCoConstructionConsortium(fiscalYearStartMonth: 7);
        var a = await Api.AdmitMember(c, "A");
        await Api.Assigned(c, 2027, a, "Astronomy", "500.00"); // FY 2027 starts 2027-07-01
        var past = await Api.Assigned(c, 2025, a, "Astronomy", "500.00"); // FY 2025 ended 2026-06-30
        await Api.Ok(Api.ReportSpend(c, 2025, past, "499.99", reportedOn: "2026-06-30"));

        var next = await Api.Ok(Api.CollectingPlan(c, 2027));
        var last = await Api.Ok(Api.CollectingPlan(c, 2025));

        Assert.Equal((0, 0m), (next.GetProperty("elapsedDays").GetInt32(), next.GetProperty("percentElapsed").GetDecimal()));
        Assert.Equal(("0.00", "0.00", false), Figures(next, "A"));
        Assert.Equal((365, 100m), (last.GetProperty("elapsedDays").GetInt32(), last.GetProperty("percentElapsed").GetDecimal()));
        Assert.Equal(("500.00", "0.01", true), Figures(last, "A"));
    }

    private static (string?, string?, bool) Figures(System.Text.Json.JsonElement plan, string code)
    {
        var m = Row(plan, "members", code);
        return (Amount(m, "expected"), Amount(m, "shortfall"), m.GetProperty("behind").GetBoolean());
    }
}
