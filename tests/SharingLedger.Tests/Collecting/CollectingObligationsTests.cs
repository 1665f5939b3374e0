using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Collecting;

public class CollectingObligationsTests(LedgerHost host) : CollectingTest(host)
{
    [Fact]
    public async Task Obligations_show_committed_against_reported_apart_from_what_is_owed()
    {
        var c = await Api.EstablishCoConstructionConsortium(fiscalYearStartMonth: 1);
        var a = await Api.AdmitMember(c, "A");
        var b = await Api.AdmitMember(c, "B");
        await Api.Ok(Api.AdoptAgreement(c, [a, b], new { method = "equal" }, annualAmount: "100.00"), 201);
        await Api.Ok(Api.AssessDues(c, 2026), 201);
        var history = await Api.Assigned(c, 2026, a, "Local history", "5000.00", format: "print");
        var maps = await Api.Assigned(c, 2026, a, "Maps", "2000.00");
        var dropped = await Api.Assigned(c, 2026, a, "Film", "900.00");
        await Api.Assigned(c, 2026, b, "Chemistry", "3000.00");
        await Api.Assigned(c, 2025, a, "Music", "700.00");
        await Api.Ok(Api.ReportSpend(c, 2026, history, "1200.00"));
        await Api.Ok(Api.ReportSpend(c, 2026, maps, "2100.00"));
        await Api.Ok(Api.WithdrawAssignment(c, 2026, dropped));

        var o = await Api.Ok(Api.Obligations(c, a, 2026));

        // What A owes the consortium is its dues alone: commitments are spent on its own collection.
        Assert.Equal("50.00", Amount(o, "total"));
        Assert.Equal("dues", Assert.Single(o.GetProperty("items").EnumerateArray()).GetProperty("kind").GetString());
        var commitments = o.GetProperty("commitments").EnumerateArray().ToList();
        Assert.Equal([history, maps], commitments.Select(x => x.GetProperty("itemId").GetGuid()));
        Assert.All(commitments, x => Assert.Equal("collecting", x.GetProperty("kind").GetString()));
        var h = commitments[0];
        Assert.Equal(("5000.00", "1200.00", "3800.00", 24m), (Amount(h, "committed"), Amount(h, "reported"), Amount(h, "remaining"), h.GetProperty("percentSpent").GetDecimal()));
        Assert.StartsWith("committed 5000.00 USD, reported 1200.00 USD, remaining 3800.00 USD", h.GetProperty("explanation").GetString());
        Assert.Contains("Local history (print)", h.GetProperty("description").GetString());
        Assert.Equal(("2000.00", "2100.00", "-100.00"), (Amount(commitments[1], "committed"), Amount(commitments[1], "reported"), Amount(commitments[1], "remaining")));
    }

    [Fact]
    public async Task A_member_without_assignments_has_no_commitments()
    {
        var c = await Api.EstablishCoConstructionConsortium(fiscalYearStartMonth: 1);
        var a = await Api.AdmitMember(c, "A");
        var b = await Api.AdmitMember(c, "B");
        await Api.Assigned(c, 2026, b, "Chemistry", "3000.00");

        var o = await Api.Ok(Api.Obligations(c, a, 2026));

        Assert.Equal(0, o.GetProperty("commitments").GetArrayLength());
        Assert.Equal("0.00", Amount(o, "total"));
    }
}
