using SharingLedger.Tests.Ledger;
using SharingLedger.Tests.Support;
using static SharingLedger.Tests.Restatements.RestatementScenario;

namespace SharingLedger.Tests.Restatements;

/// <summary>
/// Retroactive amendments: a year of dues, a subscription and a joint purchase are recorded under version 1, then version 2
/// is adopted effective from the year's first day and restated. Figures are worked out by hand from the inputs.
/// Members (see <see cref="RestatementScenario"/>): A FTE 3000 budget 100000; B FTE 1000 budget 100000; C FTE 2000 budget 200000.
/// </summary>
public class RestatementTests(LedgerHost host) : LedgerTest(host)
{
    private static readonly object Equal = new { method = "equal" };
    private static readonly object ByBudget = new { method = "proportional", attribute = "budget" };
    private static readonly object ByFte = new { method = "proportional", attribute = "fte" };

    /// <summary>
    /// Version 1 (from 2025-01-01): dues 90,000.00 split equally; "databases" by budget.
    /// Version 2 (retroactive, from 2026-01-01): dues 96,000.00 by FTE; "databases" by FTE. FTE total 6000.
    /// Dues 2026:        v1 90000/3 = 30000.00 each.  v2 A 96000·3/6 = 48000.00, B 96000·1/6 = 16000.00, C 96000·2/6 = 32000.00.
    /// Subscription 1000.00 (A, B, C):  v1 by budget 100k/100k/200k of 400k: A 250.00, B 250.00, C 500.00.
    ///                   v2 by FTE: A 1000·3/6 = 500.00, B 166.666… , C 333.333… ; floors 166.66 + 333.33 + 500.00 = 999.99,
    ///                   the cent goes to the largest remainder (B .666 over C .333): B 166.67, C 333.33.
    /// Procurement 3000.00 (A, B): v1 by budget 1:1: 1500.00 each.  v2 by FTE 3000:1000: A 2250.00, B 750.00.
    /// Loans: A lends to B (2026-03-10) and to C (2026-03-20); March is settled. v1: 15.00 a loan, fee 0.26; v2: 18.00, fee 0.50.
    ///   March owed (position negated): v1 A −30.00, B 15.00 + 0.26 = 15.26, C 15.26 (fund 0.52);
    ///                                    v2 A −36.00, B 18.00 + 0.50 = 18.50, C 18.50 (fund 1.00).
    ///   A borrows from B on 2026-11-02 (November not settled): its charge becomes 18.00, but no clearing is restated.
    /// Differences: A dues +18000.00, subscription +250.00, procurement +750.00, clearing −6.00 = +18994.00
    ///                (before 30000 + 250 + 1500 − 30 = 31720.00, after 48000 + 500 + 2250 − 36 = 50714.00);
    ///              B dues −14000.00, subscription −83.33, procurement −750.00, clearing +3.24 = −14830.09
    ///                (before 30000 + 250 + 1500 + 15.26 = 31765.26, after 16000 + 166.67 + 750 + 18.50 = 16935.17);
    ///              C dues +2000.00, subscription −166.67, clearing +3.24 = +1836.57
    ///                (before 30000 + 500 + 15.26 = 30515.26, after 32000 + 333.33 + 18.50 = 32351.83).
    /// All: before 94000.52, after 100001.00, difference +6000.48 (the dues total +6000.00 and the fund's fees +0.48).
    /// </summary>
    [Fact]
    public async Task A_year_amended_from_its_first_day_is_restated_as_computed_by_hand()
    {
        var s = await Create(Api);
        await Api.Ok(s.Adopt(1, "2025-01-01", "90000.00", Equal, ByBudget, lending: Lending("15.00", "0.26")), 201);
        await Api.Ok(Api.AssessDues(s.ConsortiumId, 2026), 201);
        await s.SubscribeAndInvoice("1000.00");
        await s.Procure("3000.00");
        await s.Ship("B", "A", "2026-03-10");
        await s.Ship("C", "A", "2026-03-20");
        await Api.Ok(Api.Post($"/consortia/{s.ConsortiumId}/clearing/2026-03/settlement", new { }), 201);
        var november = await s.Ship("A", "B", "2026-11-02");
        await Api.Ok(s.Adopt(2, "2026-01-01", "96000.00", ByFte, ByFte, retroactive: true, lending: Lending("18.00", "0.50")), 201);

        var result = await Api.Ok(s.Restate(2));

        Assert.Equal(6, result.GetProperty("restated").GetInt32()); // dues 2026, the subscription term, the procurement, three loans
        var report = result.GetProperty("report");
        Assert.Equal(new Dictionary<string, (string, string, string)>
        {
            ["A clearing"] = ("-30.00", "-36.00", "-6.00"),
            ["A dues"] = ("30000.00", "48000.00", "18000.00"),
            ["A procurement"] = ("1500.00", "2250.00", "750.00"),
            ["A subscription"] = ("250.00", "500.00", "250.00"),
            ["B clearing"] = ("15.26", "18.50", "3.24"),
            ["B dues"] = ("30000.00", "16000.00", "-14000.00"),
            ["B procurement"] = ("1500.00", "750.00", "-750.00"),
            ["B subscription"] = ("250.00", "166.67", "-83.33"),
            ["C clearing"] = ("15.26", "18.50", "3.24"),
            ["C dues"] = ("30000.00", "32000.00", "2000.00"),
            ["C subscription"] = ("500.00", "333.33", "-166.67"),
        }, Lines(report));
        Assert.Equal(new Dictionary<string, (string, string, string)>
        {
            ["A"] = ("31720.00", "50714.00", "18994.00"),
            ["B"] = ("31765.26", "16935.17", "-14830.09"),
            ["C"] = ("30515.26", "32351.83", "1836.57"),
        }, MemberTotals(report));
        Assert.Equal(("94000.52", "100001.00", "6000.48"), Amounts(report));
        Assert.All(report.GetProperty("members").EnumerateArray().SelectMany(m => m.GetProperty("lines").EnumerateArray()),
            l => Assert.Equal(1, l.GetProperty("replacesAgreementVersion").GetInt32()));
        Assert.Equal(report.GetRawText(), (await Api.Ok(s.Report(2))).GetRawText());

        // The obligations now show the restated amounts, priced and explained by version 2.
        var expected = new Dictionary<string, string> { ["A"] = "50714.00", ["B"] = "16935.17", ["C"] = "32351.83" };
        foreach (var (code, total) in expected)
        {
            var o = await Api.Ok(Api.Obligations(s.ConsortiumId, s[code], 2026));
            Assert.Equal(total, o.GetProperty("total").GetProperty("amount").GetString());
            Assert.All(o.GetProperty("items").EnumerateArray(), i => Assert.Equal(2, i.GetProperty("agreementVersion").GetInt32()));
        }
        var dues = (await Api.Ok(Api.Obligations(s.ConsortiumId, s["B"], 2026))).GetProperty("items").EnumerateArray()
            .Single(i => i.GetProperty("kind").GetString() == "dues");
        Assert.Contains("Restated under agreement version 2", dues.GetProperty("explanation").GetString());

        var loan = await Api.Ok(Api.Get($"/consortia/{s.ConsortiumId}/loans/{november}"));
        Assert.Equal(("18.00", 2), (loan.GetProperty("charge").GetProperty("charge").GetProperty("amount").GetString(),
            loan.GetProperty("charge").GetProperty("agreementVersion").GetInt32()));
        var march = await Api.Ok(Api.Get($"/consortia/{s.ConsortiumId}/clearing/2026-03"));
        Assert.Equal("1.00", march.GetProperty("fund").GetProperty("amount").GetString());

        // The books: what each member owes (receivable less payable) is its obligations' total, on the original items;
        // everything balances and rebuilds.
        var postings = await LedgerChecks.Postings(Host, s.ConsortiumId);
        foreach (var (code, total) in expected)
            Assert.Equal((long)(decimal.Parse(total) * 100), postings.Where(p => p.Account is "member-receivable" or "member-payable" && p.MemberId == s[code]).Sum(p => p.Net));
        Assert.Equal(324, postings.Where(p => p.MemberId == s["B"] && p.EventType == "ClearingRestated").Sum(p => p.Net));
        Assert.Equal(-1_400_000, postings.Where(p => p.MemberId == s["B"] && p.EventType == "DuesRestated").Sum(p => p.Net));
        Assert.All(postings.Where(p => p.EventType is "DuesRestated" or "ProcurementCostRestated"), p => Assert.Equal(2, p.AgreementVersion));
        Assert.Single(postings.Where(p => p.EventType == "DuesRestated" && p.MemberId is not null).Select(p => p.ItemId).Distinct());
        await LedgerChecks.AssertBalanced(Host, s.ConsortiumId);
        await LedgerChecks.AssertRebuildEqualsStored(Host, s.ConsortiumId);
    }

    [Fact]
    public async Task Restating_again_records_nothing_new()
    {
        var s = await Create(Api);
        await Api.Ok(s.Adopt(1, "2025-01-01", "90000.00", Equal, ByBudget), 201);
        await Api.Ok(Api.AssessDues(s.ConsortiumId, 2026), 201);
        var subscriptionId = await s.SubscribeAndInvoice("1000.00");
        await Api.Ok(s.Adopt(2, "2026-01-01", "96000.00", ByFte, ByFte), 201);
        var first = await Api.Ok(s.Restate(2));
        var postings = (await LedgerChecks.Postings(Host, s.ConsortiumId)).Count;
        var subscription = await Api.Ok(Api.Get($"/consortia/{s.ConsortiumId}/subscriptions/{subscriptionId}"));

        var second = await Api.Ok(s.Restate(2));

        Assert.Equal(2, first.GetProperty("restated").GetInt32());
        Assert.Equal(0, second.GetProperty("restated").GetInt32());
        Assert.Equal(first.GetProperty("report").GetRawText(), second.GetProperty("report").GetRawText());
        Assert.Equal(postings, (await LedgerChecks.Postings(Host, s.ConsortiumId)).Count);
        Assert.Equal(subscription.GetRawText(), (await Api.Ok(Api.Get($"/consortia/{s.ConsortiumId}/subscriptions/{subscriptionId}"))).GetRawText());
    }

    /// <summary>
    /// Version 1 takes effect on 2026-01-01, the year's first day; a retroactive version 2 from that same day replaces it.
    /// Dues 300.00: v1 equal 100.00 each; v2 by FTE 3:1:2 of 6 = 150.00, 50.00, 100.00.
    /// </summary>
    [Fact]
    public async Task A_retroactive_amendment_may_replace_a_version_from_its_own_first_day()
    {
        var s = await Create(Api);
        await Api.Ok(s.Adopt(1, "2026-01-01", "300.00", Equal, Equal), 201);
        await Api.Ok(Api.AssessDues(s.ConsortiumId, 2026), 201);
        var refused = await s.Adopt(2, "2026-01-01", "300.00", ByFte, ByFte);
        Assert.Equal(422, refused.Status);
        await Api.Ok(s.Adopt(2, "2026-01-01", "300.00", ByFte, ByFte, retroactive: true), 201);

        await Api.Ok(s.Restate(2));

        var dues = await Api.Ok(Api.Get($"/consortia/{s.ConsortiumId}/dues/2026"));
        Assert.Equal(2, dues.GetProperty("agreementVersion").GetInt32());
        Assert.Equal(new Dictionary<string, string> { ["A"] = "150.00", ["B"] = "50.00", ["C"] = "100.00" },
            dues.GetProperty("shares").EnumerateArray().ToDictionary(x => x.GetProperty("memberCode").GetString()!, x => x.GetProperty("amount").GetProperty("amount").GetString()!));
        var agreement = await Api.Ok(Api.Get($"/consortia/{s.ConsortiumId}/agreement"));
        Assert.True(agreement.GetProperty("versions")[1].GetProperty("retroactive").GetBoolean());
        await LedgerChecks.AssertBalanced(Host, s.ConsortiumId);
    }

    [Fact]
    public async Task Bad_amendments_and_restatements_are_refused_and_record_nothing()
    {
        var s = await Create(Api);
        var first = await s.Adopt(1, "2025-01-01", "90000.00", Equal, Equal, retroactive: true);
        Assert.Equal((422, true), (first.Status, first.Body.GetProperty("errors").TryGetProperty("retroactive", out _)));
        await Api.Ok(s.Adopt(1, "2025-01-01", "90000.00", Equal, Equal), 201);
        await Api.Ok(Api.AssessDues(s.ConsortiumId, 2026), 201);

        var future = await s.Adopt(2, "2026-12-01", "96000.00", ByFte, ByFte, retroactive: true);
        var beforeLatest = await s.Adopt(2, "2024-12-31", "96000.00", ByFte, ByFte, retroactive: true);
        var firstVersion = await s.Restate(1);
        var unknown = await s.Restate(2);

        Assert.Equal((422, true), (future.Status, future.Body.GetProperty("errors").TryGetProperty("effectiveFrom", out _)));
        Assert.Equal((422, true), (beforeLatest.Status, beforeLatest.Body.GetProperty("errors").TryGetProperty("effectiveFrom", out _)));
        Assert.Equal((422, true), (firstVersion.Status, firstVersion.Body.GetProperty("errors").TryGetProperty("version", out _)));
        Assert.Equal(404, unknown.Status);
        Assert.Equal(404, (await s.Report(2)).Status);

        await Api.Ok(s.Adopt(2, "2026-01-01", "96000.00", ByFte, ByFte, retroactive: true), 201);
        Assert.Equal(409, (await s.Adopt(2, "2026-01-01", "96000.00", ByFte, ByFte, retroactive: true)).Status);
        var dues = await Api.Ok(Api.Get($"/consortia/{s.ConsortiumId}/dues/2026"));
        Assert.Equal(1, dues.GetProperty("agreementVersion").GetInt32());
    }

    [Fact]
    public async Task Concurrent_restatements_record_once_and_never_500()
    {
        var s = await Create(Api);
        await Api.Ok(s.Adopt(1, "2025-01-01", "90000.00", Equal, Equal), 201);
        await Api.Ok(Api.AssessDues(s.ConsortiumId, 2026), 201);
        await Api.Ok(s.Adopt(2, "2026-01-01", "96000.00", ByFte, ByFte, retroactive: true), 201);

        var attempts = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => s.Restate(2)));

        Assert.All(attempts, a => Assert.Contains(a.Status, new[] { 200, 409 }));
        Assert.Equal(1, attempts.Where(a => a.Status == 200).Sum(a => a.Body.GetProperty("restated").GetInt32()));
        var postings = await LedgerChecks.Postings(Host, s.ConsortiumId);
        Assert.Single(postings.Where(p => p.EventType == "DuesRestated").Select(p => p.EventId).Distinct());
    }

    [Fact]
    public async Task The_report_is_available_as_csv()
    {
        var s = await Create(Api);
        await Api.Ok(s.Adopt(1, "2025-01-01", "90000.00", Equal, Equal), 201);
        await Api.Ok(Api.AssessDues(s.ConsortiumId, 2026), 201);
        await Api.Ok(s.Adopt(2, "2026-01-01", "96000.00", ByFte, ByFte, retroactive: true), 201);
        await Api.Ok(s.Restate(2));

        var result = await Host.Host.Scenario(x => x.Get.Url($"/consortia/{s.ConsortiumId}/agreement/versions/2/restatement.csv"));
        Assert.Equal("text/csv; charset=utf-8", result.Context.Response.ContentType);
        var rows = (await result.ReadAsTextAsync()).TrimEnd('\n').Split('\n');

        // Header; per member one dues row and its total; the grand total (dues 90000.00 -> 96000.00 as in the first test).
        Assert.Equal(1 + 3 * 2 + 1, rows.Length);
        Assert.StartsWith("row,member_code,member_id,kind,item_id", rows[0]);
        Assert.Contains(rows, r => r.StartsWith("item,A,") && r.Contains(",dues,dues:") && r.EndsWith(",Annual dues 2026,2,1,30000.00,48000.00,18000.00,USD"));
        Assert.Contains(rows, r => r.StartsWith("member total,B,") && r.EndsWith(",30000.00,16000.00,-14000.00,USD"));
        Assert.Equal("total,,,,,,,2,,90000.00,96000.00,6000.00,USD", rows[^1]);
    }
}
