using SharingLedger.Infrastructure.Marten;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using SharingLedger.Collecting;
using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Collecting;

public class SubjectHoldingsTests(LedgerHost host) : CollectingTest(host)
{
    private async Task<(Guid Consortium, Dictionary<string, Guid> Members)> Holdings()
    {
        var c = await Api.EstablishCoConstructionConsortium(fiscalYearStartMonth: 1);
        var m = new Dictionary<string, Guid>();
        foreach (var code in new[] { "A", "B", "C", "D", "E" }) m[code] = await Api.AdmitMember(c, code);
        await Api.Assigned(c, 2025, m["A"], "Local History", "100.00");
        await Api.Assigned(c, 2026, m["A"], "local history", "200.00");
        await Api.Assigned(c, 2026, m["B"], "  LOCAL   history ", "300.00", format: "maps");
        await Api.Assigned(c, 2026, m["C"], "Local history and culture", "400.00"); // a different subject
        await Api.Ok(Api.WithdrawAssignment(c, 2026, await Api.Assigned(c, 2026, m["D"], "Local history", "500.00"))); // nothing bought
        var e = await Api.Assigned(c, 2026, m["E"], "Local history", "600.00");
        await Api.Ok(Api.ReportSpend(c, 2026, e, "10.00"));
        await Api.Ok(Api.WithdrawAssignment(c, 2026, e)); // keeps what it bought

        var other = await Api.EstablishCoConstructionConsortium(fiscalYearStartMonth: 1);
        await Api.Assigned(other, 2026, await Api.AdmitMember(other, "X"), "Local history", "700.00");
        return (c, m);
    }

    [Fact]
    public async Task Holdings_match_the_subject_ignoring_case_and_spacing_across_years()
    {
        var (c, m) = await Holdings();

        var body = await Api.Ok(Api.SubjectHoldings(c, "local HISTORY"));

        Assert.Equal("local HISTORY", body.GetProperty("subject").GetString());
        var members = body.GetProperty("members").EnumerateArray().ToList();
        Assert.Equal([m["A"], m["B"], m["E"]], members.Select(x => x.GetProperty("memberId").GetGuid()));
        var a = members[0].GetProperty("assignments").EnumerateArray()
            .Select(x => (x.GetProperty("fiscalYear").GetInt32(), x.GetProperty("subject").GetString(), Amount(x, "committed"))).ToList();
        Assert.Equal([(2025, "Local History", "100.00"), (2026, "local history", "200.00")], a);
        var b = Assert.Single(members[1].GetProperty("assignments").EnumerateArray());
        Assert.Equal(("LOCAL history", "maps"), (b.GetProperty("subject").GetString(), b.GetProperty("format").GetString()));
        var e = Assert.Single(members[2].GetProperty("assignments").EnumerateArray());
        Assert.Equal(("withdrawn", "10.00"), (e.GetProperty("status").GetString(), Amount(e, "reported")));
    }

    [Fact]
    public async Task Another_slice_can_ask_the_same_question_in_process()
    {
        var (c, m) = await Holdings();
        await using var session = Host.Host.Services.GetRequiredService<IDocumentStore>().QueryFor(c);

        var holdings = await SubjectHoldings.FindAsync(session, c, "LOCAL HISTORY", CancellationToken.None);

        Assert.Equal([m["A"], m["B"], m["E"]], holdings.Select(h => h.MemberId));
        Assert.Equal(["active", "active"], holdings[0].Assignments.Select(x => x.Status));
        Assert.Empty(await SubjectHoldings.FindAsync(session, c, "Local", CancellationToken.None));
    }

    [Fact]
    public async Task Holdings_need_a_subject_and_a_known_consortium()
    {
        var c = await Api.EstablishCoConstructionConsortium(fiscalYearStartMonth: 1);

        var (blank, body) = await Api.Get($"/consortia/{c}/collecting/holdings?subject=%20");
        var (missing, _) = await Api.Get($"/consortia/{c}/collecting/holdings");
        var (unknown, _) = await Api.SubjectHoldings(Guid.NewGuid(), "Maps");

        Assert.Equal((422, 422, 404), (blank, missing, unknown));
        Assert.True(body.GetProperty("errors").TryGetProperty("subject", out _), body.ToString());
    }
}
