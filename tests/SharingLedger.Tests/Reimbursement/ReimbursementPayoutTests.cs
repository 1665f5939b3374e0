using System.Text.Json;
using SharingLedger.Tests.Ledger;
using SharingLedger.Tests.Support;
using SharingLedger.Tests.Loans;

namespace SharingLedger.Tests.Reimbursement;

/// <summary>
/// Paying out a fiscal year's reimbursement: recorded once, posted (central fund owes each member), shown as a negative
/// obligation, and what was paid stands. Fiscal year 2025 is over (the test clock stands at 2026-11-27).
/// </summary>
public class ReimbursementPayoutTests(LedgerHost host) : LedgerTest(host)
{
    /// <summary>Pool 1000.00, half per loan: A lends B two loans, B lends C one, all in 2025.</summary>
    private async Task<LoanScenario> Year2025()
    {
        var s = await LoanScenario.Create(Host, Api, _ =>
        {
            var fees = LoanScenario.DefaultFees();
            fees["reimbursement"] = new { method = "netLender", pool = LoanScenario.Usd("1000.00"), perLoanShare = 0.5m };
            return fees;
        }, "A", "B", "C");
        await s.Shipped("B", "A", "2025-03-02");
        await s.Shipped("B", "A", "2025-05-11");
        await s.Shipped("C", "B", "2025-06-30");
        return s;
    }

    [Fact]
    public async Task A_year_that_is_over_is_paid_out_once_posted_to_the_members_payables_and_shown_in_their_obligations()
    {
        var s = await Year2025();
        var c = s.ConsortiumId;

        var paid = await Api.Ok(Api.Post($"/consortia/{c}/reimbursement/2025/payout", new { }), 201);
        Assert.NotEqual(JsonValueKind.Null, paid.GetProperty("paidOutAt").ValueKind);
        Assert.Equal(409, (await Api.Post($"/consortia/{c}/reimbursement/2025/payout", new { })).Status);

        // Per loan 500 × 2/3 and 500 × 1/3; the net-lending 500 all to A (+2): A 833.33, B 166.67 (as in ReimbursementTests).
        var postings = (await LedgerChecks.Postings(Host, c)).Where(p => p.EventType == "ReimbursementPaidOut").ToList();
        Assert.Equal(100_000, postings.Where(p => p.Account == "central-fund").Sum(p => p.Debit));
        var payable = postings.Where(p => p.Account == "member-payable").ToDictionary(p => p.MemberId!.Value, p => p.Credit);
        Assert.Equal(new Dictionary<Guid, long> { [s.Members["A"]] = 83_333, [s.Members["B"]] = 16_667 }, payable);
        Assert.All(postings, p => Assert.Equal(new NodaTime.LocalDate(2025, 12, 31), p.BusinessDate));
        await LedgerChecks.AssertBalanced(Host, c);
        await LedgerChecks.AssertRebuildEqualsStored(Host, c);

        var obligations = await Api.Ok(Api.Get($"/consortia/{c}/members/{s.Members["A"]}/obligations?fiscalYear=2025"));
        var item = obligations.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("kind").GetString() == "reimbursement");
        Assert.Equal("-833.33", item.GetProperty("amount").GetProperty("amount").GetString());

        // a loan recorded late for 2025 changes the computation, not what was paid
        await s.Shipped("A", "C", "2025-08-01");
        var after = await Api.Ok(Api.Get($"/consortia/{c}/reimbursement/2025"));
        var a = after.GetProperty("payouts").EnumerateArray().Single(p => p.GetProperty("memberCode").GetString() == "A");
        Assert.Equal("833.33", a.GetProperty("paidOut").GetProperty("amount").GetString());
        Assert.NotEqual("833.33", a.GetProperty("amount").GetProperty("amount").GetString());
    }

    [Fact]
    public async Task A_year_not_over_or_without_a_programme_is_not_paid_out()
    {
        var s = await Year2025();
        var notOver = await Api.Post($"/consortia/{s.ConsortiumId}/reimbursement/2026/payout", new { });
        Assert.Equal(422, notOver.Status);
        Assert.True(notOver.Body.GetProperty("errors").TryGetProperty("fiscalYear", out _));

        var plain = await LoanScenario.WithDefaultFees(Host, Api, "A", "B");
        Assert.Equal(422, (await Api.Post($"/consortia/{plain.ConsortiumId}/reimbursement/2025/payout", new { })).Status);
        Assert.Equal(404, (await Api.Post($"/consortia/{Guid.NewGuid()}/reimbursement/2025/payout", new { })).Status);
        Assert.DoesNotContain((await LedgerChecks.Postings(Host, s.ConsortiumId)), p => p.EventType == "ReimbursementPaidOut");
    }
}
