using System.Text.Json;
using Alba;
using SharingLedger.Tests.Loans;
using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Membership;

/// <summary>
/// What a member library's system may read about the consortium (issue 13, item 9): the directory (no one's figures), the
/// loans it borrowed or lent, its disputes, its own ILL statistics and every event about it. Three members A, B and C;
/// A borrows from B, B borrows from C; A disputes its dues and finance records (and rejects) a dispute of B's.
/// </summary>
public class WhatMembersSeeTests(LedgerHost host) : LedgerTest(host)
{
    private async Task<(int Status, JsonElement Body)> As(string key, string url)
    {
        var result = await Host.Host.Scenario(s => { s.Get.Url(url); s.IgnoreStatusCode(); s.WithRequestHeader("X-Api-Key", key); });
        var text = await result.ReadAsTextAsync();
        return (result.Context.Response.StatusCode, string.IsNullOrWhiteSpace(text) ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    private async Task<string> DuesItem(Guid c, Guid member) =>
        (await Api.Ok(Api.Get($"/consortia/{c}/members/{member}/statement"))).GetProperty("openItems")[0].GetProperty("itemId").GetString()!;

    [Fact]
    public async Task A_member_sees_the_directory_its_own_loans_disputes_statistics_and_history_and_nothing_of_another()
    {
        var s = await LoanScenario.WithDefaultFees(Host, Api, "A", "B", "C");
        var c = s.ConsortiumId;
        var (a, b, cc) = (s.Members["A"], s.Members["B"], s.Members["C"]);
        await Api.Ok(Api.AssessDues(c, 2026), 201);
        var key = (await Api.Ok(Api.Post($"/consortia/{c}/api-keys", new { label = "A's ILL system", roles = new[] { "member" }, memberId = a }), 201))
            .GetProperty("key").GetString()!;
        var aFromB = await s.Request("A", "B");
        var bFromC = await s.Request("B", "C");
        var aItem = await DuesItem(c, a);
        var raised = await Host.Host.Scenario(x =>
        {
            x.Post.Json(new { itemId = aItem, reason = "Our FTE was wrong" }).ToUrl($"/consortia/{c}/members/{a}/account/disputes");
            x.WithRequestHeader("X-Api-Key", key); // the member's own system raises it
            x.IgnoreStatusCode();
        });
        Assert.Equal(201, raised.Context.Response.StatusCode);
        var bDispute = (await Api.Ok(Api.Post($"/consortia/{c}/members/{b}/account/disputes", new { itemId = await DuesItem(c, b), reason = "Not ours" }), 201))
            .GetProperty("disputeId").GetGuid();
        await Api.Ok(Api.Post($"/consortia/{c}/members/{b}/account/disputes/{bDispute}/resolution", new { upheld = false, reason = "Figures confirmed", resolvedOn = "2026-03-15" }));

        // The directory: every member by code, with its name, kind and ILL agency ids, and no figures of anyone.
        var (directoryStatus, directory) = await As(key, $"/consortia/{c}/directory");
        Assert.Equal(200, directoryStatus);
        Assert.Equal(["A", "B", "C"], directory.EnumerateArray().Select(m => m.GetProperty("code").GetString()).ToArray());
        foreach (var entry in directory.EnumerateArray())
        {
            var fields = entry.EnumerateObject().Select(p => p.Name).ToList();
            Assert.Contains("illAgencyIds", fields);
            Assert.DoesNotContain("figures", fields);
            Assert.DoesNotContain(fields, f => f.Contains("budget", StringComparison.OrdinalIgnoreCase) || f is "fte" or "population");
        }
        Assert.Equal(403, (await As(key, $"/consortia/{c}/members")).Status); // the list with figures stays finance's

        // Loans: the one A borrowed; B's loan from C is not A's to see, and naming C is as naming no one.
        var (loansStatus, loans) = await As(key, $"/consortia/{c}/loans");
        Assert.Equal(200, loansStatus);
        Assert.Equal([aFromB], loans.EnumerateArray().Select(l => l.GetProperty("id").GetGuid()).ToArray());
        Assert.Equal(404, (await As(key, $"/consortia/{c}/loans?memberId={cc}")).Status);
        Assert.Equal(2, (await Api.Ok(Api.Get($"/consortia/{c}/loans?memberId={b}"))).GetArrayLength()); // staff: B borrowed one, lent one
        Assert.Contains(bFromC, (await Api.Ok(Api.Get($"/consortia/{c}/loans?memberId={cc}"))).EnumerateArray().Select(l => l.GetProperty("id").GetGuid()));

        // Disputes: A sees its own, open; finance sees both with their states.
        var (disputesStatus, disputes) = await As(key, $"/consortia/{c}/disputes");
        Assert.Equal(200, disputesStatus);
        var own = Assert.Single(disputes.EnumerateArray());
        Assert.Equal((a, "open", "Our FTE was wrong"), (own.GetProperty("memberId").GetGuid(), own.GetProperty("state").GetString(), own.GetProperty("reason").GetString()));
        Assert.Equal(404, (await As(key, $"/consortia/{c}/disputes?memberId={b}")).Status);
        Assert.Equal(2, (await Api.Ok(Api.Get($"/consortia/{c}/disputes"))).GetArrayLength());
        var open = await Api.Ok(Api.Get($"/consortia/{c}/disputes?state=open"));
        Assert.Equal(a, Assert.Single(open.EnumerateArray()).GetProperty("memberId").GetGuid());
        var resolved = Assert.Single((await Api.Ok(Api.Get($"/consortia/{c}/disputes?state=resolved"))).EnumerateArray());
        Assert.Equal((b, "rejected", "Figures confirmed", "2026-03-15"), (resolved.GetProperty("memberId").GetGuid(), resolved.GetProperty("state").GetString(),
            resolved.GetProperty("resolution").GetString(), resolved.GetProperty("resolvedOn").GetString()));
        Assert.Equal(400, (await Api.Get($"/consortia/{c}/disputes?state=closed")).Status);

        // ILL statistics: the consortium's totals and A's own line, never B's or C's.
        var (statsStatus, stats) = await As(key, $"/consortia/{c}/ill-statistics?fiscalYear=2026");
        Assert.Equal(200, statsStatus);
        Assert.Equal([a], stats.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("memberId").GetGuid()).ToArray());
        Assert.Contains(b, (await Api.Ok(Api.Get($"/consortia/{c}/ill-statistics?fiscalYear=2026"))).GetProperty("members").EnumerateArray()
            .Select(m => m.GetProperty("memberId").GetGuid()));

        // History: its admission, its dues share, its loan and its dispute, each with who recorded it; nothing of B's loan from C.
        var (historyStatus, history) = await As(key, $"/consortia/{c}/members/{a}/history");
        Assert.Equal(200, historyStatus);
        var types = history.EnumerateArray().Select(e => e.GetProperty("eventType").GetString()).ToList();
        Assert.Contains("member_admitted", types);
        Assert.Contains("dues_assessed", types);
        Assert.Contains("loan_requested", types);
        Assert.Contains("dispute_raised", types);
        Assert.DoesNotContain(history.EnumerateArray(), e => e.GetProperty("streamId").GetGuid() == bFromC);
        Assert.All(history.EnumerateArray(), e => Assert.False(string.IsNullOrEmpty(e.GetProperty("recordedBy").GetString())));

        // Open items say whether they are disputed: A's dues while its dispute is open; B's no more, its dispute rejected.
        var (statementStatus, statement) = await As(key, $"/consortia/{c}/members/{a}/statement");
        Assert.Equal(200, statementStatus);
        var dues = Assert.Single(statement.GetProperty("openItems").EnumerateArray());
        Assert.Equal((aItem, true), (dues.GetProperty("itemId").GetString(), dues.GetProperty("disputed").GetBoolean()));
        Assert.False((await Api.Ok(Api.Get($"/consortia/{c}/members/{b}/statement"))).GetProperty("openItems")[0].GetProperty("disputed").GetBoolean());
    }
}
