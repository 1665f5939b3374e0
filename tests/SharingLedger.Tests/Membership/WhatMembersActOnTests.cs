using System.Text.Json;
using SharingLedger.Tests.Loans;
using SharingLedger.Tests.Procurement;
using SharingLedger.Tests.Subscriptions;
using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Membership;

/// <summary>
/// What a member library's system reads to act (issue 13, item 9): the procurements it is invited to, its own clearing lines,
/// its own reimbursement and its own subscriptions and shares. A member key is held to its member: another member's figures
/// are never in an answer, and naming another member (or an offer it is not invited to) is a 404. Finance still sees all.
/// Every expected figure is worked out by hand in the test.
/// </summary>
public class WhatMembersActOnTests(LedgerHost host) : LedgerTest(host)
{
    private async Task<string> MemberKey(Guid c, Guid member) =>
        (await Api.Ok(Api.Post($"/consortia/{c}/api-keys", new { label = "ILL system", roles = new[] { "member" }, memberId = member }), 201))
        .GetProperty("key").GetString()!;

    private async Task<(int Status, JsonElement Body, string? Total)> As(string key, string url)
    {
        var result = await Host.Host.Scenario(s => { s.Get.Url(url); s.IgnoreStatusCode(); s.WithRequestHeader("X-Api-Key", key); });
        var text = await result.ReadAsTextAsync();
        return (result.Context.Response.StatusCode, string.IsNullOrWhiteSpace(text) ? default : JsonDocument.Parse(text).RootElement.Clone(),
            result.Context.Response.Headers["X-Total-Count"].FirstOrDefault());
    }

    private static string Money(JsonElement e, string property) => e.GetProperty(property).GetProperty("amount").GetString()!;

    /// <summary>
    /// A, B and C split by the equal rule. P1 invites A and B, both commit, awarded and invoiced at 9000.00: 4500.00 each. P2 invites
    /// B and C only. P3 invites A and C and is still open, unanswered.
    /// </summary>
    [Fact]
    public async Task A_member_sees_the_offers_it_is_invited_to_with_its_own_answer_and_share_only()
    {
        var c = await Api.EstablishConsortium();
        var a = await Api.AdmitMember(c, "A");
        var b = await Api.AdmitMember(c, "B");
        var cc = await Api.AdmitMember(c, "C");
        await Api.Ok(Api.AdoptAgreementWithTerms(c, [a, b, cc], new { databases = new { rule = new { method = "equal" } } }), 201);
        var p1 = (await Api.Ok(Api.ProposeProcurement(c, "databases", "2026-12-15", [a, b], title: "Chemistry e-books"), 201)).Id();
        var p2 = (await Api.Ok(Api.ProposeProcurement(c, "databases", "2026-12-15", [b, cc], title: "Law reports"), 201)).Id();
        var p3 = (await Api.Ok(Api.ProposeProcurement(c, "databases", "2026-12-15", [a, cc], title: "Maps archive"), 201)).Id();
        await Api.Ok(Api.AnswerProcurement(c, p1, a, "commit"));
        await Api.Ok(Api.AnswerProcurement(c, p1, b, "commit"));
        await Api.Ok(Api.AwardProcurement(c, p1, "9000.00", vendor: "Acme Academic Books"));
        await Api.Ok(Api.InvoiceProcurement(c, p1, "9000.00"));
        var key = await MemberKey(c, a);

        var (status, list, total) = await As(key, $"/consortia/{c}/procurements");
        Assert.Equal(200, status);
        Assert.Equal("2", total);
        Assert.Equal(new[] { p1, p3 }.Order(), list.EnumerateArray().Select(p => p.Id()).Order());

        var (oneStatus, offer, _) = await As(key, $"/consortia/{c}/procurements/{p1}");
        Assert.Equal(200, oneStatus);
        Assert.Equal(("Chemistry e-books", "invoiced"), (offer.GetProperty("title").GetString(), offer.GetProperty("status").GetString()));
        Assert.Equal(("Acme Academic Books", "9000.00"), (offer.GetProperty("award").GetProperty("vendor").GetString(), offer.GetProperty("award").GetProperty("actualCost").Amount()));
        var invitation = Assert.Single(offer.GetProperty("invitedMembers").EnumerateArray());
        Assert.Equal((a, "commit"), (invitation.GetProperty("memberId").GetGuid(), invitation.GetProperty("decision").GetString()));
        Assert.Equal([a], offer.GetProperty("award").GetProperty("committedMembers").EnumerateArray().Select(m => m.GetProperty("memberId").GetGuid()));
        // Its own share: 9000.00 split equally between the two who committed, 1/2 each; B's line is not in the answer.
        Assert.Equal(new Dictionary<Guid, string> { [a] = "4500.00" }, offer.Shares());
        Assert.Equal("1/2", offer.Line(a).GetProperty("weight").GetString());
        Assert.Equal(0, offer.GetProperty("alreadyCollectedBy").GetArrayLength() + offer.GetProperty("alreadyHeldBy").GetArrayLength());
        Assert.DoesNotContain(b.ToString(), offer.GetRawText());

        var (openStatus, open, _) = await As(key, $"/consortia/{c}/procurements/{p3}");
        Assert.Equal(200, openStatus);
        var unanswered = Assert.Single(open.GetProperty("invitedMembers").EnumerateArray());
        Assert.Equal((a, JsonValueKind.Null), (unanswered.GetProperty("memberId").GetGuid(), unanswered.GetProperty("decision").ValueKind));
        Assert.Equal(("open", "10000.00"), (open.GetProperty("status").GetString(), open.GetProperty("estimatedCost").Amount()));

        // Not invited, or no such procurement: the same 404.
        var (notInvited, problem, _) = await As(key, $"/consortia/{c}/procurements/{p2}");
        Assert.Equal((404, $"There is no procurement with id {p2}."), (notInvited, problem.GetProperty("detail").GetString()));
        Assert.Equal(404, (await As(key, $"/consortia/{c}/procurements/{Guid.NewGuid()}")).Status);

        // Finance sees all three, and both shares of P1.
        Assert.Equal(3, (await Api.Ok(Api.Get($"/consortia/{c}/procurements"))).GetArrayLength());
        Assert.Equal(new Dictionary<Guid, string> { [a] = "4500.00", [b] = "4500.00" }, (await Api.Ok(Api.Procurement(c, p1))).Shares());
    }

    /// <summary>
    /// Normal loans at 15.00 with a 0.26 transaction fee on each billed borrowing. B borrows from A on 2 March (request B-1) and
    /// 11 May (B-2); C borrows from B on 30 June (C-1). March and May are settled; June is not.
    /// March: A lent 15.00, net +15.00 (receives); B borrowed 15.00 + 0.26 fee, net -15.26 (pays); C took no part, 0.00.
    /// May: the same. Net-lender reimbursement, pool 1000.00, half per loan: loans A 2, B 1, C 0 → 333.333… and 166.666…;
    /// net lending A +2, B -1, C -1 → A takes the other 500. A 833.333… → 833.33, B 166.666… → 166.67 (largest remainder).
    /// </summary>
    [Fact]
    public async Task A_member_reads_its_own_clearing_lines_and_reimbursement_and_no_one_elses()
    {
        var s = await LoanScenario.Create(Host, Api, _ =>
        {
            var fees = LoanScenario.DefaultFees();
            fees["reimbursement"] = new { method = "netLender", pool = LoanScenario.Usd("1000.00"), perLoanShare = 0.5m };
            return fees;
        }, "A", "B", "C");
        var c = s.ConsortiumId;
        var (a, b) = (s.Members["A"], s.Members["B"]);
        foreach (var (borrower, lender, on, id) in new[] { ("B", "A", "2026-03-02", "B-1"), ("B", "A", "2026-05-11", "B-2"), ("C", "B", "2026-06-30", "C-1") })
        {
            var loan = await s.Request(borrower, lender, requestId: id, on: on);
            await s.Do(loan, "shipped", new { on });
        }
        await Api.Ok(s.Settle("2026-03"), 201);
        await Api.Ok(s.Settle("2026-05"), 201);
        var key = await MemberKey(c, b);

        var (status, lines, total) = await As(key, $"/consortia/{c}/members/{b}/clearing-lines");
        Assert.Equal(200, status);
        Assert.Equal("2", total);
        Assert.Equal(["2026-03", "2026-05"], lines.EnumerateArray().Select(l => l.GetProperty("month").GetString()));
        var march = lines[0].GetProperty("line");
        Assert.Equal((b, "0.00", "15.00", "0.26", "-15.26", "pays"), (march.GetProperty("memberId").GetGuid(), Money(march, "lent"), Money(march, "borrowed"),
            Money(march, "fees"), Money(march, "net"), march.GetProperty("settlement").GetString()));
        Assert.Equal(["B-1"], march.GetProperty("requests").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(["B-2"], lines[1].GetProperty("line").GetProperty("requests").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(("2026-03-01", "2026-03-31"), (lines[0].GetProperty("periodStart").GetString(), lines[0].GetProperty("periodEnd").GetString()));

        var (other, problem, _) = await As(key, $"/consortia/{c}/members/{a}/clearing-lines");
        Assert.Equal((404, $"There is no member with id {a}."), (other, problem.GetProperty("detail").GetString()));
        Assert.Equal(403, (await As(key, $"/consortia/{c}/clearing/2026-03")).Status); // the whole month stays staff's
        // Finance reads A's lines: +15.00 in each month, naming B's requests.
        var ofA = await Api.Ok(Api.Get($"/consortia/{c}/members/{a}/clearing-lines"));
        Assert.Equal(["15.00", "15.00"], ofA.EnumerateArray().Select(l => Money(l.GetProperty("line"), "net")));
        Assert.Equal(["B-1"], ofA[0].GetProperty("line").GetProperty("requests").EnumerateArray().Select(r => r.GetString()));

        // Reimbursement: the year's totals and B's own line only.
        var (rStatus, reimbursement, _) = await As(key, $"/consortia/{c}/reimbursement/2026");
        Assert.Equal(200, rStatus);
        var own = Assert.Single(reimbursement.GetProperty("payouts").EnumerateArray());
        Assert.Equal((b, "166.67", 1, 2, -1), (own.GetProperty("memberId").GetGuid(), Money(own, "amount"), own.GetProperty("loans").GetInt32(),
            own.GetProperty("borrows").GetInt32(), own.GetProperty("netLending").GetInt32()));
        Assert.Equal(("1000.00", "1000.00"), (Money(reimbursement, "pool"), Money(reimbursement, "total")));
        Assert.DoesNotContain(a.ToString(), reimbursement.GetRawText());
        var all = await Api.Ok(Api.Get($"/consortia/{c}/reimbursement/2026"));
        Assert.Equal(["833.33", "166.67", "0.00"], all.GetProperty("payouts").EnumerateArray().Select(l => Money(l, "amount")));
    }

    /// <summary>
    /// Equal rule. "Academic Search Complete" (30000.00 CNY) is shared by A and B, invoiced: 15000.00 each. A second subscription
    /// (12000.00 CNY) is shared by B and C and not invoiced. A takes part in the first only.
    /// </summary>
    [Fact]
    public async Task A_member_reads_the_subscriptions_it_takes_part_in_with_its_own_share_explained()
    {
        var s = await SubscriptionScenario.Create(Api, new { rule = new { method = "equal" } }, "CNY", ("A", 1, "1.00"), ("B", 1, "1.00"), ("C", 1, "1.00"));
        var c = s.ConsortiumId;
        var (a, b) = (s.Members["A"], s.Members["B"]);
        var shared = await s.Contract("30000.00", s.Participants("A", "B"));
        await Api.Ok(s.Invoice(shared, "30000.00"), 201);
        var other = await s.Contract("12000.00", s.Participants("B", "C"));
        var key = await MemberKey(c, a);

        var (status, list, total) = await As(key, $"/consortia/{c}/members/{a}/subscriptions");
        Assert.Equal(200, status);
        Assert.Equal("1", total);
        var subscription = Assert.Single(list.EnumerateArray());
        Assert.Equal((shared, "EBSCO", "Academic Search Complete"), (subscription.GetProperty("subscriptionId").GetGuid(),
            subscription.GetProperty("vendor").GetString(), subscription.GetProperty("resource").GetString()));
        var term = Assert.Single(subscription.GetProperty("terms").EnumerateArray());
        Assert.Equal((1, "30000.00", "2026-01-01", "2026-12-31"), (term.GetProperty("term").GetInt32(), Money(term, "price"),
            term.GetProperty("takesPart")[0].GetProperty("from").GetString(), term.GetProperty("takesPart")[0].GetProperty("to").GetString()));
        Assert.Equal("30000.00", term.GetProperty("invoice").GetProperty("baseAmount").GetProperty("amount").GetString());
        var share = term.GetProperty("share");
        Assert.Equal(("15000.00", "1/2"), (Money(share, "amount"), share.GetProperty("weight").GetString()));
        Assert.Contains("split among 2 participants", share.GetProperty("explanation").GetString());
        Assert.DoesNotContain(b.ToString(), list.GetRawText());

        Assert.Equal(404, (await As(key, $"/consortia/{c}/members/{b}/subscriptions")).Status);
        Assert.Equal(403, (await As(key, $"/consortia/{c}/subscriptions/{shared}")).Status); // every participant's figures stay staff's

        // Finance reads B's: both subscriptions, the second not yet invoiced, so no share yet.
        var ofB = await Api.Ok(Api.Get($"/consortia/{c}/members/{b}/subscriptions"));
        Assert.Equal(new[] { shared, other }.Order(), ofB.EnumerateArray().Select(x => x.GetProperty("subscriptionId").GetGuid()).Order());
        var pending = ofB.EnumerateArray().Single(x => x.GetProperty("subscriptionId").GetGuid() == other).GetProperty("terms")[0];
        Assert.Equal((JsonValueKind.Null, JsonValueKind.Null), (pending.GetProperty("share").ValueKind, pending.GetProperty("invoice").ValueKind));
        Assert.Equal("15000.00", Money(ofB.EnumerateArray().Single(x => x.GetProperty("subscriptionId").GetGuid() == shared).GetProperty("terms")[0].GetProperty("share"), "amount"));
    }
}
