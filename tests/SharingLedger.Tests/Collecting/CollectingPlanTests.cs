using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Collecting;

public class CollectingPlanTests(LedgerHost host) : CollectingTest(host)
{
    [Fact]
    public async Task Assignments_and_spend_reports_add_up_end_to_end()
    {
        var c = await Api.EstablishCoConstructionConsortium(fiscalYearStartMonth: 1);
        var a = await Api.AdmitMember(c, "A");
        var b = await Api.AdmitMember(c, "B");
        var history = await Api.Assigned(c, 2026, a, "Local  history ", "5000.00", format: "print");
        var maps = await Api.Assigned(c, 2026, a, "Maps", "2000.00");
        var chemistry = await Api.Assigned(c, 2026, b, "Chemistry", "3000.00");

        var first = await Api.Ok(Api.ReportSpend(c, 2026, history, "1200.50", reportedOn: "2026-03-10"));
        await Api.Ok(Api.ReportSpend(c, 2026, history, "300.00", reportedOn: "2026-06-30", note: "Serials renewal"));
        var corrected = await Api.Ok(Api.ReportSpend(c, 2026, history, "-100.25", reportedOn: "2026-07-02", note: "Invoice 17 was credited"));
        await Api.Ok(Api.ReportSpend(c, 2026, maps, "2500.00"));

        Assert.Equal(("1200.50", "3799.50"), (Amount(first, "reported"), Amount(first, "remaining")));
        Assert.Equal(("1400.25", "3599.75"), (Amount(corrected, "reported"), Amount(corrected, "remaining")));

        var plan = await Api.Ok(Api.CollectingPlan(c, 2026));

        var h = Assignment(plan, history);
        Assert.Equal(("Local history", "print", "active"), (h.GetProperty("subject").GetString(), h.GetProperty("format").GetString(), h.GetProperty("status").GetString()));
        Assert.Equal(("5000.00", "1400.25", "3599.75"), (Amount(h, "committed"), Amount(h, "reported"), Amount(h, "remaining")));
        Assert.Equal(28.01m, h.GetProperty("percentSpent").GetDecimal()); // 1400.25 / 5000 = 28.005%, half away from zero
        var reports = h.GetProperty("reports").EnumerateArray().ToList();
        Assert.Equal(["1200.50", "300.00", "-100.25"], reports.Select(r => Amount(r, "amount")));
        Assert.Equal("Invoice 17 was credited", reports[2].GetProperty("note").GetString());

        var m = Assignment(plan, maps);
        Assert.Equal(("2500.00", "-500.00", 125.00m), (Amount(m, "reported"), Amount(m, "remaining"), m.GetProperty("percentSpent").GetDecimal()));
        var ch = Assignment(plan, chemistry);
        Assert.Equal(("0.00", "3000.00", 0m), (Amount(ch, "reported"), Amount(ch, "remaining"), ch.GetProperty("percentSpent").GetDecimal()));

        var ma = Row(plan, "members", "A");
        Assert.Equal((2, "7000.00", "3900.25", "3099.75"), (ma.GetProperty("assignments").GetInt32(), Amount(ma, "committed"), Amount(ma, "reported"), Amount(ma, "remaining")));
        Assert.Equal(55.72m, ma.GetProperty("percentSpent").GetDecimal()); // 3900.25 / 7000 = 55.7178...%
        var mb = Row(plan, "members", "B");
        Assert.Equal(("3000.00", "0.00"), (Amount(mb, "committed"), Amount(mb, "reported")));

        Assert.Equal(("10000.00", "3900.25", "6099.75"), (Amount(plan, "committed"), Amount(plan, "reported"), Amount(plan, "remaining")));
        Assert.Equal(39.00m, plan.GetProperty("percentSpent").GetDecimal());
        Assert.Equal("coConstruction", plan.GetProperty("governanceModel").GetString());
        Assert.Equal(7, plan.GetProperty("version").GetInt32()); // 3 assignments + 4 reports, one event each
        Assert.Equal(7, await StoredVersion(c, 2026));
    }

    [Fact]
    public async Task A_withdrawn_assignment_keeps_its_spend_but_leaves_the_totals()
    {
        var c = await Api.EstablishCoConstructionConsortium(fiscalYearStartMonth: 1);
        var a = await Api.AdmitMember(c, "A");
        var kept = await Api.Assigned(c, 2026, a, "Music", "1000.00");
        var dropped = await Api.Assigned(c, 2026, a, "Film", "4000.00");
        await Api.Ok(Api.ReportSpend(c, 2026, dropped, "250.00"));

        var withdrawn = await Api.Ok(Api.WithdrawAssignment(c, 2026, dropped, "Film moves to member B next year"));

        Assert.Equal("withdrawn", withdrawn.GetProperty("status").GetString());
        var plan = await Api.Ok(Api.CollectingPlan(c, 2026));
        var d = Assignment(plan, dropped);
        Assert.Equal(("withdrawn", "Film moves to member B next year", "250.00"),
            (d.GetProperty("status").GetString(), d.GetProperty("withdrawalReason").GetString(), Amount(d, "reported")));
        Assert.Equal("active", Assignment(plan, kept).GetProperty("status").GetString());
        Assert.Equal(("1000.00", "0.00"), (Amount(plan, "committed"), Amount(plan, "reported")));
        Assert.Equal(1, Row(plan, "members", "A").GetProperty("assignments").GetInt32());
    }

    [Fact]
    public async Task A_subject_withdrawn_can_be_assigned_again_with_a_new_budget()
    {
        var c = await Api.EstablishCoConstructionConsortium(fiscalYearStartMonth: 1);
        var a = await Api.AdmitMember(c, "A");
        var first = await Api.Assigned(c, 2026, a, "Music", "1000.00");
        await Api.Ok(Api.WithdrawAssignment(c, 2026, first, "Budget was wrong"));

        var (status, _) = await Api.AssignCollecting(c, 2026, a, "music", "1500.00");

        Assert.Equal(201, status);
        Assert.Equal("1500.00", Amount(await Api.Ok(Api.CollectingPlan(c, 2026)), "committed"));
    }

    [Fact]
    public async Task A_year_without_assignments_is_an_empty_plan()
    {
        var c = await Api.EstablishCoConstructionConsortium(fiscalYearStartMonth: 1);

        var plan = await Api.Ok(Api.CollectingPlan(c, 2026));

        Assert.Equal(0, plan.GetProperty("assignments").GetArrayLength());
        Assert.Equal(0, plan.GetProperty("behind").GetArrayLength());
        Assert.Equal(("0.00", "USD"), (Amount(plan, "committed"), plan.GetProperty("committed").GetProperty("currency").GetString()));
        Assert.Equal(JsonValueKindNull, plan.GetProperty("percentSpent").ValueKind);
    }

    [Fact]
    public async Task A_consortium_under_another_governance_model_may_keep_a_plan_too()
    {
        var c = await Api.EstablishConsortium(governance: "council");
        var a = await Api.AdmitMember(c, "A");

        await Api.Assigned(c, 2026, a, "Law", "800.00");

        var plan = await Api.Ok(Api.CollectingPlan(c, 2026));
        Assert.Equal("council", plan.GetProperty("governanceModel").GetString());
        Assert.Equal("800.00", Amount(plan, "committed"));
    }

    private const System.Text.Json.JsonValueKind JsonValueKindNull = System.Text.Json.JsonValueKind.Null;
}
