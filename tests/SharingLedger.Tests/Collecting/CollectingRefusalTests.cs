using System.Text.Json;
using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Collecting;

/// <summary>Every refusal names what is wrong and leaves the plan's stream exactly as it was.</summary>
public class CollectingRefusalTests(LedgerHost host) : CollectingTest(host)
{
    private static void AssertNames(int status, JsonElement body, string field)
    {
        Assert.True(status == 422, $"Expected 422 but got {status}: {body}");
        Assert.True(body.GetProperty("errors").TryGetProperty(field, out _), $"Expected an error on '{field}': {body}");
    }

    /// <summary>A consortium (July start, so FY 2026 runs 2026-07-01..2027-06-30) whose plan holds one assignment.</summary>
    private async Task<(Guid Consortium, Guid Member, Guid Assignment)> PlanWithOneAssignment()
    {
        var c = await Api.EstablishCoConstructionConsortium(fiscalYearStartMonth: 7);
        var a = await Api.AdmitMember(c, "A");
        var assignment = await Api.Assigned(c, 2026, a, "Geology", "1000.00");
        Assert.Equal(1, await StoredVersion(c, 2026));
        return (c, a, assignment);
    }

    [Theory]
    [InlineData("0.00", "USD", "Maps", null, "committedBudget.amount")]
    [InlineData("-5.00", "USD", "Maps", null, "committedBudget.amount")]
    [InlineData("100.00", "EUR", "Maps", null, "committedBudget.currency")]
    [InlineData("100.001", "USD", "Maps", null, "committedBudget")]
    [InlineData("100.00", "USD", "   ", null, "subject")]
    [InlineData("100.00", "USD", "Maps", " ", "format")]
    public async Task A_bad_assignment_is_a_422_naming_the_field(string budget, string currency, string subject, string? format, string field)
    {
        var (c, a, _) = await PlanWithOneAssignment();

        var (status, body) = await Api.AssignCollecting(c, 2026, a, subject, budget, currency, format);

        AssertNames(status, body, field);
        Assert.Equal(1, await StoredVersion(c, 2026));
    }

    [Fact]
    public async Task Only_a_member_of_this_consortium_serving_in_the_year_can_be_assigned()
    {
        var (c, _, _) = await PlanWithOneAssignment();
        var gone = await Api.AdmitMember(c, "W");
        await Api.Ok(Api.Post($"/consortia/{c}/members/{gone}/withdrawal", new { effectiveFrom = "2026-10-01", reason = "Closed" }));
        var late = await Api.AdmitMember(c, "L", effectiveFrom: "2027-07-01"); // after FY 2026 ends on 2027-06-30
        var other = await Api.EstablishCoConstructionConsortium(fiscalYearStartMonth: 7);
        var foreign = await Api.AdmitMember(other, "F");

        foreach (var member in new Guid?[] { gone, late, foreign, Guid.NewGuid(), null })
        {
            var (status, body) = await Api.AssignCollecting(c, 2026, member, "Maps", "100.00");
            AssertNames(status, body, "memberId");
        }
        Assert.Equal(1, await StoredVersion(c, 2026));
        Assert.Null(await StoredVersion(other, 2026));
    }

    [Fact]
    public async Task The_same_subject_twice_for_a_member_in_a_year_is_a_409()
    {
        var (c, a, _) = await PlanWithOneAssignment();

        var (status, body) = await Api.AssignCollecting(c, 2026, a, "  GEOLOGY ", "50.00", format: "e-books");

        Assert.Equal(409, status);
        Assert.Contains("already assigned 'Geology'", body.GetProperty("detail").GetString());
        Assert.Equal(1, await StoredVersion(c, 2026));
        Assert.Equal(201, (await Api.AssignCollecting(c, 2027, a, "Geology", "50.00")).Status); // another year is another plan
    }

    [Fact]
    public async Task Racing_duplicates_give_one_assignment_and_409s_never_500()
    {
        var c = await Api.EstablishCoConstructionConsortium(fiscalYearStartMonth: 7);
        var a = await Api.AdmitMember(c, "A");

        var attempts = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Api.AssignCollecting(c, 2026, a, "Botany", "10.00")));

        Assert.Equal(1, attempts.Count(x => x.Status == 201));
        Assert.All(attempts.Where(x => x.Status != 201), x => Assert.Equal(409, x.Status));
        Assert.Equal(1, await StoredVersion(c, 2026));
    }

    [Theory]
    [InlineData("0.00", "USD", "2026-11-01", null, "amount.amount")]
    [InlineData("10.00", "EUR", "2026-11-01", null, "amount.currency")]
    [InlineData("10.005", "USD", "2026-11-01", null, "amount")]
    [InlineData("-10.00", "USD", "2026-11-01", null, "note")]
    [InlineData("-10.00", "USD", "2026-11-01", "  ", "note")]
    [InlineData("-1000.01", "USD", "2026-11-01", "Credit note", "amount.amount")] // only 1000.00 was reported
    [InlineData("10.00", "USD", "2026-06-30", null, "reportedOn")] // before FY 2026 starts
    [InlineData("10.00", "USD", "2026-11-28", null, "reportedOn")] // tomorrow in Asia/Shanghai
    public async Task A_bad_spend_report_is_a_422_naming_the_field(string amount, string currency, string reportedOn, string? note, string field)
    {
        var (c, _, assignment) = await PlanWithOneAssignment();
        await Api.Ok(Api.ReportSpend(c, 2026, assignment, "1000.00"));

        var (status, body) = await Api.ReportSpend(c, 2026, assignment, amount, reportedOn, note, currency);

        AssertNames(status, body, field);
        Assert.Equal(2, await StoredVersion(c, 2026));
    }

    [Fact]
    public async Task A_spend_report_needs_its_date()
    {
        var (c, _, assignment) = await PlanWithOneAssignment();

        var (status, body) = await Api.Post($"/consortia/{c}/collecting/2026/assignments/{assignment}/spend",
            new { amount = new { amount = "5.00", currency = "USD" } });

        AssertNames(status, body, "reportedOn");
        Assert.Equal(1, await StoredVersion(c, 2026));
    }

    [Fact]
    public async Task Spend_on_a_withdrawn_assignment_is_a_422_and_a_second_withdrawal_a_409()
    {
        var (c, _, assignment) = await PlanWithOneAssignment();
        await Api.Ok(Api.WithdrawAssignment(c, 2026, assignment));

        var (status, body) = await Api.ReportSpend(c, 2026, assignment, "10.00");
        var (again, _) = await Api.WithdrawAssignment(c, 2026, assignment);

        AssertNames(status, body, "assignmentId");
        Assert.Equal(409, again);
        Assert.Equal(2, await StoredVersion(c, 2026));
    }

    [Fact]
    public async Task A_withdrawal_needs_a_reason()
    {
        var (c, _, assignment) = await PlanWithOneAssignment();

        var (status, body) = await Api.WithdrawAssignment(c, 2026, assignment, reason: " ");

        AssertNames(status, body, "reason");
        Assert.Equal(1, await StoredVersion(c, 2026));
    }

    [Fact]
    public async Task Unknown_consortia_and_assignments_are_404s()
    {
        var (c, a, assignment) = await PlanWithOneAssignment();
        var nowhere = Guid.NewGuid();

        var statuses = new[]
        {
            (await Api.AssignCollecting(nowhere, 2026, a, "Maps", "10.00")).Status,
            (await Api.CollectingPlan(nowhere, 2026)).Status,
            (await Api.ReportSpend(c, 2026, Guid.NewGuid(), "10.00")).Status,
            (await Api.WithdrawAssignment(c, 2026, Guid.NewGuid())).Status,
            (await Api.ReportSpend(c, 2027, assignment, "10.00")).Status, // the assignment is in FY 2026's plan
            (await Api.ReportSpend(nowhere, 2026, assignment, "10.00")).Status,
        };

        Assert.All(statuses, s => Assert.Equal(404, s));
        Assert.Equal(1, await StoredVersion(c, 2026));
        Assert.Null(await StoredVersion(c, 2027));
        Assert.Null(await StoredVersion(nowhere, 2026));
    }

    [Fact]
    public async Task A_fiscal_year_out_of_range_is_a_422()
    {
        var (c, a, _) = await PlanWithOneAssignment();

        var (status, body) = await Api.AssignCollecting(c, 10000, a, "Maps", "10.00");
        var (getStatus, getBody) = await Api.CollectingPlan(c, 1800);

        AssertNames(status, body, "fiscalYear");
        AssertNames(getStatus, getBody, "fiscalYear");
        Assert.Null(await StoredVersion(c, 10000));
    }

    [Fact]
    public async Task An_empty_or_unknown_field_body_is_a_400()
    {
        var (c, a, _) = await PlanWithOneAssignment();

        var (empty, _) = await Api.PostRaw($"/consortia/{c}/collecting/2026/assignments", "");
        var (typo, _) = await Api.PostRaw($"/consortia/{c}/collecting/2026/assignments",
            $"{{\"memberId\":\"{a}\",\"subject\":\"Maps\",\"budget\":{{\"amount\":\"1.00\",\"currency\":\"USD\"}}}}");

        Assert.Equal((400, 400), (empty, typo));
        Assert.Equal(1, await StoredVersion(c, 2026));
    }
}
