using System.Text.Json;
using SharingLedger.Tests.Loans;
using SharingLedger.Tests.Subscriptions;
using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Ledger;

/// <summary>
/// A realistic year for one consortium (USD, calendar fiscal years, today 2026-11-27), recorded over HTTP, with the
/// statement and the council's balances checked against figures worked by hand:
/// <list type="bullet">
/// <item>Dues 2026: 1000.00 split equally among A, B, C, D: 250.00 each, dated 2026-01-01.</item>
/// <item>Subscription 876.00 for 2026 among A, B, C: 292.00 each. D joins from 2026-04-01: its prorated share is
/// 876/4 × 275/365 = 165.00 and the others pay (876 − 165)/3 = 237.00, so A, B, C are each credited 55.00.</item>
/// <item>Procurement 600.00 invoiced 2026-11-27, committed by A and B: 300.00 each.</item>
/// <item>Clearing 2026-10: A and B each borrow a normal loan from C (15.00 + 0.26 fee): A and B pay 15.26, C receives
/// 30.00, the central fund gets 0.52; settled, dated 2026-10-31.</item>
/// <item>A pays 265.26 on 2026-11-27 (bank ref BANK-1), allocated oldest first: dues 250.00, then clearing 15.26.</item>
/// </list>
/// </summary>
public class MemberAccountScenarioTests(LedgerHost host) : LedgerTest(host)
{
    private sealed record Year(Guid ConsortiumId, Dictionary<string, Guid> Members);

    private async Task<Year> RecordTheYear()
    {
        var c = await Api.EstablishConsortium(currency: "USD");
        var ids = new Dictionary<string, Guid>();
        foreach (var code in new[] { "A", "B", "C", "D" }) ids[code] = await Api.AdmitMember(c, code);
        await Api.Ok(Api.Post($"/consortia/{c}/agreement/versions", new
        {
            version = 1, effectiveFrom = "2025-01-01", signatories = ids.Values,
            dues = new { annualAmount = new { amount = "1000.00", currency = "USD" }, rule = new { method = "equal" } },
            costSharing = new Dictionary<string, object>
            {
                ["databases"] = new { rule = new { method = "equal" } },
                ["equalSplit"] = new { rule = new { method = "equal" } },
            },
            lending = LoanScenario.DefaultFees(),
        }), 201);

        await Api.Ok(Api.AssessDues(c, 2026), 201);

        var subs = new SubscriptionScenario(Api, c, ids);
        var sub = await subs.Contract("876.00", subs.Participants("A", "B", "C"), currency: "USD");
        await Api.Ok(subs.Invoice(sub, "876.00", currency: "USD"), 201);
        await Api.Ok(Api.Post($"{subs.Url}/{sub}/participants", new { memberId = ids["D"], effectiveFrom = "2026-04-01" }));

        var p = (await Api.Ok(Api.ProposeProcurement(c, "equalSplit", "2026-12-15", estimate: "600.00"), 201)).GetProperty("id").GetGuid();
        await Api.Ok(Api.AnswerProcurement(c, p, ids["A"], "commit"));
        await Api.Ok(Api.AnswerProcurement(c, p, ids["B"], "commit"));
        await Api.Ok(Api.AnswerProcurement(c, p, ids["C"], "decline"));
        await Api.Ok(Api.AnswerProcurement(c, p, ids["D"], "decline"));
        await Api.Ok(Api.AwardProcurement(c, p, "600.00"));
        await Api.Ok(Api.InvoiceProcurement(c, p, "600.00"));

        var loans = new LoanScenario(Host, Api, c, ids);
        await loans.Shipped("A", "C", "2026-10-05");
        await loans.Shipped("B", "C", "2026-10-06");
        await Api.Ok(loans.Settle("2026-10"), 201);

        await Api.Ok(Pay(c, ids["A"], "265.26", "BANK-1"), 201);
        return new Year(c, ids);
    }

    private Task<(int Status, JsonElement Body)> Pay(Guid c, Guid member, string amount, string reference, object? allocations = null) =>
        Api.Post($"/consortia/{c}/members/{member}/account/payments", new
        {
            amount = new { amount, currency = "USD" }, bankReference = reference, receivedOn = "2026-11-27", allocations,
        });

    private static string Amount(JsonElement e, string property) => e.GetProperty(property).GetProperty("amount").GetString()!;

    private static JsonElement Row(JsonElement balances, string code) =>
        balances.GetProperty("members").EnumerateArray().Single(m => m.GetProperty("memberCode").GetString() == code);

    [Fact]
    public async Task The_statement_shows_each_posting_with_a_running_balance()
    {
        var y = await RecordTheYear();

        var statement = await Api.Ok(Api.Get($"/consortia/{y.ConsortiumId}/members/{y.Members["A"]}/statement"));

        var lines = statement.GetProperty("lines").EnumerateArray().ToList();
        Assert.True(lines.Count == 7, string.Join("\n", lines.Select(l => l.ToString())));
        Assert.Equal(("2026-01-01", "250.00", "250.00"), (lines[0].GetProperty("date").GetString(), Amount(lines[0], "debit"), Amount(lines[0], "balance")));
        Assert.Equal(("2026-10-31", "15.26", "265.26"), (lines[1].GetProperty("date").GetString(), Amount(lines[1], "debit"), Amount(lines[1], "balance")));
        var debits = lines.Skip(2).Select(l => Amount(l, "debit")).Order().ToList();
        var credits = lines.Skip(2).Select(l => Amount(l, "credit")).Order().ToList();
        // The subscription share, its join credit, the procurement share, and the payment in two allocations (dues, clearing).
        Assert.Equal(["0.00", "0.00", "0.00", "292.00", "300.00"], debits);
        Assert.Equal(["0.00", "0.00", "15.26", "250.00", "55.00"], credits);
        Assert.Equal("537.00", Amount(statement, "balance"));
        Assert.Equal("USD", statement.GetProperty("balance").GetProperty("currency").GetString());
        Assert.Equal(1, lines[0].GetProperty("agreementVersion").GetInt32());
        // The payment settled the dues and the clearing: only the subscription and procurement items stay open.
        Assert.Equal(["237.00", "300.00"], statement.GetProperty("openItems").EnumerateArray().Select(i => Amount(i, "open")).Order());

        var midYear = await Api.Ok(Api.Get($"/consortia/{y.ConsortiumId}/members/{y.Members["A"]}/statement?asOf=2026-06-30"));
        Assert.Equal("250.00", Amount(midYear, "balance"));
        Assert.Single(midYear.GetProperty("lines").EnumerateArray());

        var before = await Api.Ok(Api.Get($"/consortia/{y.ConsortiumId}/members/{y.Members["A"]}/statement?knownAt=2026-11-26T00:00:00Z"));
        Assert.Equal("0.00", Amount(before, "balance"));
        Assert.Equal(400, (await Api.Get($"/consortia/{y.ConsortiumId}/members/{y.Members["A"]}/statement?asOf=yesterday")).Status);

        var csv = await Host.Host.Scenario(s => s.Get.Url($"/consortia/{y.ConsortiumId}/members/{y.Members["A"]}/statement.csv"));
        var text = await csv.ReadAsTextAsync();
        Assert.StartsWith("date,recorded_at,account,memo", text);
        Assert.Contains(",537.00,USD,", text);

        await LedgerChecks.AssertBalanced(Host, y.ConsortiumId);
        await LedgerChecks.AssertRebuildEqualsStored(Host, y.ConsortiumId);
    }

    [Fact]
    public async Task The_council_sees_every_member_assessed_paid_outstanding_credits_and_ageing()
    {
        var y = await RecordTheYear();

        var balances = await Api.Ok(Api.Get($"/consortia/{y.ConsortiumId}/balances?asOf=2026-11-27"));

        var a = Row(balances, "A");
        Assert.Equal(("857.26", "265.26", "55.00", "537.00"), (Amount(a, "assessed"), Amount(a, "paid"), Amount(a, "credits"), Amount(a, "outstanding")));
        Assert.Equal("537.00", Amount(a.GetProperty("ageing"), "days0To30"));
        var b = Row(balances, "B");
        Assert.Equal(("857.26", "0.00", "55.00", "802.26"), (Amount(b, "assessed"), Amount(b, "paid"), Amount(b, "credits"), Amount(b, "outstanding")));
        Assert.Equal(("552.26", "0.00", "0.00", "250.00"), (Amount(b.GetProperty("ageing"), "days0To30"), Amount(b.GetProperty("ageing"), "days31To60"),
            Amount(b.GetProperty("ageing"), "days61To90"), Amount(b.GetProperty("ageing"), "over90")));
        var c = Row(balances, "C");
        Assert.Equal(("542.00", "55.00", "487.00", "30.00"), (Amount(c, "assessed"), Amount(c, "credits"), Amount(c, "outstanding"), Amount(c, "payable")));
        var d = Row(balances, "D");
        Assert.Equal(("415.00", "165.00", "250.00"), (Amount(d, "outstanding"), Amount(d.GetProperty("ageing"), "days0To30"), Amount(d.GetProperty("ageing"), "over90")));
        Assert.Equal("2241.26", Amount(balances, "totalOutstanding"));

        var march = await Api.Ok(Api.Get($"/consortia/{y.ConsortiumId}/balances?asOf=2026-03-31"));
        // 2026-01-01 to 2026-03-31 is 89 days: the dues are in the 61-90 bucket then.
        Assert.Equal(("250.00", "250.00"), (Amount(Row(march, "B"), "outstanding"), Amount(Row(march, "B").GetProperty("ageing"), "days61To90")));

        var csv = await Host.Host.Scenario(s => s.Get.Url($"/consortia/{y.ConsortiumId}/balances.csv?asOf=2026-11-27"));
        var text = await csv.ReadAsTextAsync();
        // credits 55.00, then in kind 0.00 and payable 0.00
        Assert.Contains(",B,857.26,0.00,55.00,0.00,0.00,802.26,552.26,0.00,0.00,250.00,USD", text);

        await LedgerChecks.AssertBalanced(Host, y.ConsortiumId);
    }

    [Fact]
    public async Task The_statement_comes_in_pages_that_carry_the_running_balance_over()
    {
        var y = await RecordTheYear();
        var url = $"/consortia/{y.ConsortiumId}/members/{y.Members["A"]}/statement";
        var whole = await Api.Ok(Api.Get(url));
        var all = whole.GetProperty("lines").EnumerateArray().Select(l => (Id: l.GetProperty("postingId").GetString(), Balance: Amount(l, "balance"))).ToList();
        Assert.Equal((7, 0L, 7L, "0.00"), (all.Count, whole.GetProperty("offset").GetInt64(), whole.GetProperty("totalLines").GetInt64(), Amount(whole, "openingBalance")));

        // Without an offset the most recent lines come; every page carries the whole statement's balance and open items.
        var last = await Api.Ok(Api.Get($"{url}?limit=3"));
        Assert.Equal((4L, 3, 7L), (last.GetProperty("offset").GetInt64(), last.GetProperty("lines").GetArrayLength(), last.GetProperty("totalLines").GetInt64()));
        Assert.Equal(("537.00", 2), (Amount(last, "balance"), last.GetProperty("openItems").GetArrayLength()));

        var paged = new List<(string? Id, string Balance)>();
        var opening = "0.00";
        foreach (var offset in new[] { 0, 3, 6 })
        {
            var body = await Api.Ok(Api.Get($"{url}?limit=3&offset={offset}"));
            Assert.Equal(opening, Amount(body, "openingBalance"));
            var lines = body.GetProperty("lines").EnumerateArray().ToList();
            paged.AddRange(lines.Select(l => (l.GetProperty("postingId").GetString(), Amount(l, "balance"))));
            opening = Amount(lines[^1], "balance");
        }
        Assert.Equal(all, paged);

        Assert.Equal(422, (await Api.Get($"{url}?limit=3&offset=7")).Status);
        Assert.Equal(422, (await Api.Get($"{url}?limit=0")).Status);
        Assert.Equal(422, (await Api.Get($"{url}?limit=10001")).Status);
        Assert.Equal(422, (await Api.Get($"{url}?offset=-1")).Status);
    }

    [Fact]
    public async Task Balances_and_open_items_summed_in_SQL_match_a_replay_of_the_postings()
    {
        var y = await RecordTheYear();
        var postings = await LedgerChecks.Postings(Host, y.ConsortiumId);
        var codes = y.Members.ToDictionary(m => m.Value, m => m.Key);

        foreach (var (asOf, knownAt) in new (string, string?)[] { ("2026-11-27", null), ("2026-03-31", null), ("2026-11-27", "2026-11-26T00:00:00Z") })
        {
            var day = NodaTime.Text.LocalDatePattern.Iso.Parse(asOf).Value;
            NodaTime.Instant? instant = knownAt is null ? null : NodaTime.Text.InstantPattern.ExtendedIso.Parse(knownAt).Value;
            var visible = SharingLedger.Ledger.Balances.AsOf(postings, day, instant).ToList();
            var query = $"asOf={asOf}" + (knownAt is null ? "" : $"&knownAt={knownAt}");
            var balances = await Api.Ok(Api.Get($"/consortia/{y.ConsortiumId}/balances?{query}"));
            foreach (var (member, code) in codes)
            {
                var replay = SharingLedger.Ledger.Balances.Of(member, code, visible.Where(p => p.MemberId == member), "USD", day);
                var row = Row(balances, code);
                Assert.Equal(
                    (replay.Assessed.ToDecimalString(), replay.Paid.ToDecimalString(), replay.Credits.ToDecimalString(), replay.Payable.ToDecimalString(),
                        replay.Outstanding.ToDecimalString(), replay.Ageing.Days0To30.ToDecimalString(), replay.Ageing.Over90.ToDecimalString()),
                    (Amount(row, "assessed"), Amount(row, "paid"), Amount(row, "credits"), Amount(row, "payable"), Amount(row, "outstanding"),
                        Amount(row.GetProperty("ageing"), "days0To30"), Amount(row.GetProperty("ageing"), "over90")));

                var statement = await Api.Ok(Api.Get($"/consortia/{y.ConsortiumId}/members/{member}/statement?{query}"));
                var open = SharingLedger.Ledger.Balances.OpenItems(visible.Where(p => p.MemberId == member), "USD");
                Assert.Equal(open.Select(i => (i.ItemId, i.Date.ToString("uuuu-MM-dd", null), i.Original.ToDecimalString(), i.Open.ToDecimalString())),
                    statement.GetProperty("openItems").EnumerateArray().Select(i => (i.GetProperty("itemId").GetString()!, i.GetProperty("date").GetString()!,
                        Amount(i, "original"), Amount(i, "open"))));
                Assert.Equal(visible.Where(p => p.MemberId == member).Sum(p => p.Net), (long)(decimal.Parse(Amount(statement, "balance"), System.Globalization.CultureInfo.InvariantCulture) * 100));
            }
        }
    }
}
