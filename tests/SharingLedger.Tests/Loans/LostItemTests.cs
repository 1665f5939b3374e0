using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Loans;

/// <summary>Lost items under the default terms: notice within 30 days of the loan going overdue, bill within 60 days of the notice.</summary>
public class LostItemTests(LedgerHost host) : LedgerTest(host)
{
    private static async Task<Guid> OverdueOn(LoanScenario s, string overdue)
    {
        var loan = await s.Request("A", "B", on: "2026-08-01");
        await s.Do(loan, "shipped", new { on = "2026-08-02", dueDate = "2026-08-31" });
        await s.Do(loan, "received", new { on = "2026-08-04" });
        await s.Do(loan, "overdue", new { on = overdue });
        return loan;
    }

    [Fact]
    public async Task A_replacement_billed_with_a_timely_notice_is_charged_to_the_borrower()
    {
        var s = await LoanScenario.WithDefaultFees(Host, Api, "A", "B");
        var loan = await OverdueOn(s, "2026-10-01");

        var answer = await s.Do(loan, "lost", new { on = "2026-10-31", replacementCost = LoanScenario.Usd("80.00") }); // day 30: in time

        Assert.Equal("replacementBilled", answer.GetProperty("state").GetString());
        var view = await s.Loan(loan);
        Assert.True(view.GetProperty("lostNotice").GetProperty("noticeTimely").GetBoolean());
        Assert.Equal("2026-12-30", view.GetProperty("lostNotice").GetProperty("billingDeadline").GetString());
        Assert.Equal("80.00", LoanScenario.Amount(view.GetProperty("replacement"), "replacementCost"));
        var clearing = await Api.Ok(s.Clearing("2026-10"));
        Assert.Equal(new Dictionary<string, string> { ["A"] = "-80.00", ["B"] = "80.00", ["_fund"] = "0.00" }, LoanScenario.Nets(clearing));
        Assert.Equal("replacement", clearing.GetProperty("charges")[0].GetProperty("kind").GetString());
    }

    [Fact]
    public async Task A_replacement_bill_after_a_late_notice_is_refused_and_records_nothing()
    {
        var s = await LoanScenario.WithDefaultFees(Host, Api, "A", "B");
        var loan = await OverdueOn(s, "2026-10-01");
        var before = await s.StoredVersion(loan);

        var (status, body) = await s.Act(loan, "lost", new { on = "2026-11-01", replacementCost = LoanScenario.Usd("80.00") }); // day 31

        Assert.Equal(422, status);
        Assert.Contains("owes nothing", body.GetProperty("errors").GetProperty("replacementCost")[0].GetString());
        Assert.Equal(before, await s.StoredVersion(loan));
        Assert.Equal("overdue", await s.State(loan));

        // The loss itself may still be recorded, without a bill, and no bill can follow it.
        await s.Do(loan, "lost", new { on = "2026-11-01" });
        var (bill, _) = await s.Act(loan, "billReplacement", new { on = "2026-11-02", replacementCost = LoanScenario.Usd("80.00") });
        Assert.Equal(422, bill);
        Assert.Equal("lost", await s.State(loan));
        Assert.False((await s.Loan(loan)).GetProperty("lostNotice").GetProperty("noticeTimely").GetBoolean());
    }

    [Fact]
    public async Task A_bill_after_a_timely_notice_must_come_within_the_billing_window()
    {
        var s = await LoanScenario.WithDefaultFees(Host, Api, "A", "B");
        var inTime = await OverdueOn(s, "2026-09-10");
        var tooLate = await OverdueOn(s, "2026-09-10");
        await s.Do(inTime, "lost", new { on = "2026-09-27" });   // billing window until 2026-11-26
        await s.Do(tooLate, "lost", new { on = "2026-09-27" });
        var before = await s.StoredVersion(tooLate);

        await s.Do(inTime, "billReplacement", new { on = "2026-11-26", replacementCost = LoanScenario.Usd("45.50") });
        var (status, body) = await s.Act(tooLate, "billReplacement", new { on = "2026-11-27", replacementCost = LoanScenario.Usd("45.50") });

        Assert.Equal("replacementBilled", await s.State(inTime));
        Assert.Equal(422, status);
        Assert.Contains("2026-11-26", body.GetProperty("errors").GetProperty("replacementCost")[0].GetString());
        Assert.Equal(before, await s.StoredVersion(tooLate));
        Assert.Equal("-45.50", LoanScenario.Nets(await Api.Ok(s.Clearing("2026-11")))["A"]);
    }

    [Fact]
    public async Task A_loss_noticed_before_the_loan_was_overdue_is_always_in_time()
    {
        var s = await LoanScenario.WithDefaultFees(Host, Api, "A", "B");
        var loan = await s.Request("A", "B", on: "2026-08-01");
        await s.Do(loan, "shipped", new { on = "2026-08-02" });

        await s.Do(loan, "lost", new { on = "2026-09-20", replacementCost = LoanScenario.Usd("30.00"), note = "Lost in transit" });

        Assert.Equal("replacementBilled", await s.State(loan));
    }

    [Fact]
    public async Task Replacement_bills_are_not_waived_for_reciprocal_members_and_draw_no_fee()
    {
        var s = await LoanScenario.Create(Host, Api, ids => LoanScenario.DefaultFees([[ids["A"], ids["B"]]]), "A", "B");
        var loan = await OverdueOn(s, "2026-10-01");

        await s.Do(loan, "lost", new { on = "2026-10-02", replacementCost = LoanScenario.Usd("60.00") });

        Assert.Equal(new Dictionary<string, string> { ["A"] = "-60.00", ["B"] = "60.00", ["_fund"] = "0.00" },
            LoanScenario.Nets(await Api.Ok(s.Clearing("2026-10"))));
    }
}
