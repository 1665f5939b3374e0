using SharingLedger.Tests.Support;
using SharingLedger.Tests.Loans;

namespace SharingLedger.Tests.LendingDuties;

public class LendingFiguresTests(LedgerHost host) : LedgerTest(host)
{
    private Task<LoanScenario> WithQuota(int quota) => LoanScenario.Create(Host, Api, _ =>
    {
        var fees = LoanScenario.DefaultFees();
        fees["borrowingQuota"] = quota;
        return fees;
    }, "A", "B");

    [Fact]
    public async Task A_request_over_the_borrowing_quota_is_a_422_saying_what_remains()
    {
        var s = await WithQuota(2);
        await s.Request("A", "B", on: "2026-03-01");
        var unfilled = await s.Request("A", "B", on: "2026-03-02");
        await s.Request("A", "B", on: "2025-12-31"); // the previous fiscal year's quota

        await s.Do(unfilled, "unfilled");           // an unfilled request gives its place back
        await s.Request("A", "B", on: "2026-03-03");
        var (status, body) = await s.Requesting("A", "B", on: "2026-03-04");

        Assert.Equal(422, status);
        Assert.Contains("0 remaining", body.GetProperty("errors").GetProperty("borrowerId")[0].GetString());
        Assert.Equal(4, await s.LoanCount());
        await s.Request("B", "A"); // the quota is per borrower
    }

    [Fact]
    public async Task A_members_lending_figures_show_loans_supplied_borrowed_and_quota_left()
    {
        var s = await WithQuota(5);
        await s.Shipped("A", "B", "2026-02-01");
        await s.Shipped("A", "B", "2026-02-02");
        await s.Shipped("B", "A", "2026-02-03");
        await s.Request("A", "B", on: "2026-02-04");

        var b = await Api.Ok(Api.Get($"/consortia/{s.ConsortiumId}/members/{s.Members["B"]}/lending?fiscalYear=2026"));
        var a = await Api.Ok(Api.Get($"/consortia/{s.ConsortiumId}/members/{s.Members["A"]}/lending"));

        Assert.Equal((2, 1, 1), (b.GetProperty("supplied").GetInt32(), b.GetProperty("borrowed").GetInt32(), b.GetProperty("netLending").GetInt32()));
        Assert.Equal(4, b.GetProperty("quotaRemaining").GetInt32());
        Assert.Equal(2026, a.GetProperty("fiscalYear").GetInt32());
        Assert.Equal((1, 2, 3, 2), (a.GetProperty("supplied").GetInt32(), a.GetProperty("borrowed").GetInt32(),
            a.GetProperty("requestsCounted").GetInt32(), a.GetProperty("quotaRemaining").GetInt32()));

        var o = await Api.Ok(Api.Obligations(s.ConsortiumId, s.Members["A"], 2026));
        var item = o.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("kind").GetString() == "lending");
        Assert.Equal("0.00", LoanScenario.Amount(item, "amount"));
        Assert.Contains("1 supplied", item.GetProperty("explanation").GetString());
        Assert.Contains("2 remaining", item.GetProperty("explanation").GetString());
        Assert.Equal(404, (await Api.Get($"/consortia/{s.ConsortiumId}/members/{Guid.NewGuid()}/lending")).Status);
    }
}
