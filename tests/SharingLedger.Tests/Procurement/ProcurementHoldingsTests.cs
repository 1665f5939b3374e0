using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Procurement;

/// <summary>The duplicate-buying warning: members whose co-construction collecting assignment already covers the subject.</summary>
public class ProcurementHoldingsTests(LedgerHost host) : LedgerTest(host)
{
    [Fact]
    public async Task A_proposal_warns_of_members_who_already_collect_the_subject_ignoring_case_and_spacing()
    {
        var c = await Api.EstablishConsortium(governance: "coConstruction");
        var a = await Api.AdmitMember(c, "A");
        var b = await Api.AdmitMember(c, "B");
        var h = await Api.AdmitMember(c, "H");
        await Api.Ok(Api.AdoptAgreementWithTerms(c, [a, b, h], new { books = new { rule = new { method = "equal" } } }), 201);
        await Api.Ok(Api.Post($"/consortia/{c}/collecting/2026/assignments",
            new { memberId = a, subject = "Chemistry e-books", committedBudget = new { amount = "20000.00", currency = "USD" } }), 201);
        await Api.Ok(Api.Post($"/consortia/{c}/collecting/2026/assignments",
            new { memberId = b, subject = "Regional history", committedBudget = new { amount = "5000.00", currency = "USD" } }), 201);

        var proposed = await Api.Ok(Api.ProposeProcurement(c, "books", "2026-12-15", subject: "  CHEMISTRY   E-Books "), 201);
        var unrelated = await Api.Ok(Api.ProposeProcurement(c, "books", "2026-12-15", subject: "Chemistry"), 201);

        var warned = Assert.Single(proposed.GetProperty("alreadyCollectedBy").EnumerateArray());
        Assert.Equal((a, "A"), (warned.GetProperty("memberId").GetGuid(), warned.GetProperty("memberCode").GetString()));
        Assert.Contains("FY 2026", warned.GetProperty("detail").GetString());
        Assert.Empty(proposed.GetProperty("alreadyHeldBy").EnumerateArray());
        Assert.Empty(unrelated.GetProperty("alreadyCollectedBy").EnumerateArray()); // a subject matches whole, not by substring
        var read = await Api.Ok(Api.Procurement(c, proposed.Id()));
        Assert.Equal([a], read.GetProperty("alreadyCollectedBy").EnumerateArray().Select(x => x.GetProperty("memberId").GetGuid()));
    }
}
