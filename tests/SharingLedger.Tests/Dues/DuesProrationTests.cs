using SharingLedger.Infrastructure.Marten;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using SharingLedger.Dues;
using SharingLedger.Infrastructure;
using SharingLedger.Kernel.CostSharing;
using SharingLedger.Tests.Support;
using Money = SharingLedger.Kernel.Money.Money;

namespace SharingLedger.Tests.Dues;

/// <summary>Dues prorated by day over a calendar fiscal year (issue 13, item 4); figures worked by hand below.</summary>
public class DuesProrationTests(LedgerHost host) : LedgerTest(host)
{
    /// <summary>
    /// 36500.00 a year over 2026's 365 days is 100.00 a day, split equally among the members active that day.
    /// A and B are members all year; C is admitted on 2026-06-01; D withdraws with effect from 2026-09-30 (its last
    /// day as a member is 2026-09-29).
    /// Jan 1–May 31, 151 days, 15100.00 among A, B, D: 5033.33⅓ each.
    /// Jun 1–Sep 29, 121 days, 12100.00 among A, B, C, D: 3025.00 each.
    /// Sep 30–Dec 31, 93 days, 9300.00 among A, B, C: 3100.00 each.
    /// A = B = 11158.33⅓; C = 6125.00 over 214 days (weight 6125/36500 = 49/292); D = 8058.33⅓ over 272 days.
    /// The floors leave one cent; A, B and D tie on ⅓ of a cent, so it goes to whichever id sorts first.
    /// Total 11158.33 + 11158.33 + 6125.00 + 8058.33 + 0.01 = 36500.00: the agreed total, not shrunk.
    /// </summary>
    [Fact]
    public async Task A_member_admitted_on_1_June_and_one_withdrawn_on_30_September_pay_for_their_days()
    {
        var c = await Api.EstablishConsortium();
        var a = await Api.AdmitMember(c, "A");
        var b = await Api.AdmitMember(c, "B");
        var d = await Api.AdmitMember(c, "D");
        await Api.Ok(Api.AdoptAgreement(c, [a, b, d], new { method = "equal" }, annualAmount: "36500.00"), 201);
        var joiner = await Api.AdmitMember(c, "C", effectiveFrom: "2026-06-01");
        await Api.Ok(Api.Post($"/consortia/{c}/members/{d}/withdrawal", new { effectiveFrom = "2026-09-30", reason = "Merged" }));

        var assessed = await Api.Ok(Api.AssessDues(c, 2026), 201);

        var first = new[] { ("A", a), ("B", b), ("D", d) }.OrderBy(x => x.Item2.ToString("D"), StringComparer.Ordinal).First().Item1;
        string Plus(string code, string amount, string withCent) => code == first ? withCent : amount;
        var shares = assessed.GetProperty("shares").EnumerateArray().ToDictionary(s => s.GetProperty("memberCode").GetString()!);
        Assert.Equal(Plus("A", "11158.33", "11158.34"), shares["A"].GetProperty("amount").GetProperty("amount").GetString());
        Assert.Equal(Plus("B", "11158.33", "11158.34"), shares["B"].GetProperty("amount").GetProperty("amount").GetString());
        Assert.Equal("6125.00", shares["C"].GetProperty("amount").GetProperty("amount").GetString());
        Assert.Equal(Plus("D", "8058.33", "8058.34"), shares["D"].GetProperty("amount").GetProperty("amount").GetString());
        Assert.Equal(3650000, shares.Values.Sum(s => (long)(decimal.Parse(s.GetProperty("amount").GetProperty("amount").GetString()!) * 100)));
        Assert.Equal(365, assessed.GetProperty("daysInYear").GetInt32());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, assessed.GetProperty("uncovered").ValueKind);
        Assert.Equal((214, "2026-06-01", "2026-12-31"), (shares["C"].GetProperty("daysActive").GetInt32(),
            shares["C"].GetProperty("activeFrom").GetString(), shares["C"].GetProperty("activeTo").GetString()));
        Assert.Equal((272, "2026-01-01", "2026-09-29"), (shares["D"].GetProperty("daysActive").GetInt32(),
            shares["D"].GetProperty("activeFrom").GetString(), shares["D"].GetProperty("activeTo").GetString()));
        Assert.Equal("49/292", shares["C"].GetProperty("weight").GetString());
        Assert.Equal("11158.333333", shares["A"].GetProperty("exactAmount").GetString());

        var joined = Assert.Single((await Api.Ok(Api.Obligations(c, joiner, 2026))).GetProperty("items").EnumerateArray());
        Assert.Equal("6125.00", joined.GetProperty("amount").GetProperty("amount").GetString());
        Assert.Equal(214, joined.GetProperty("daysActive").GetInt32());
        Assert.Contains("active 214/365 days (2026-06-01 to 2026-12-31)", joined.GetProperty("explanation").GetString());
        var left = Assert.Single((await Api.Ok(Api.Obligations(c, d, 2026))).GetProperty("items").EnumerateArray());
        Assert.Equal(272, left.GetProperty("daysActive").GetInt32());
        Assert.Contains("active 272/365 days (2026-01-01 to 2026-09-29)", left.GetProperty("explanation").GetString());
    }

    /// <summary>
    /// The founding member X signed the agreement in 2025 and left with effect from 2026-01-01; A and B join on
    /// 2026-03-01, so January and February (59 of 365 days) have nobody to carry them. 365.00 a year is 1.00 a day:
    /// A and B share the 306 days from March equally, 153.00 each, and the 59.00 of January and February is shown as
    /// uncovered, charged to nobody.
    /// </summary>
    [Fact]
    public async Task Days_with_no_member_are_uncovered_not_charged_to_the_others()
    {
        var c = await Api.EstablishConsortium();
        var x = await Api.AdmitMember(c, "X");
        await Api.Ok(Api.AdoptAgreement(c, [x], new { method = "equal" }, annualAmount: "365.00"), 201);
        await Api.Ok(Api.Post($"/consortia/{c}/members/{x}/withdrawal", new { effectiveFrom = "2026-01-01", reason = "Closed" }));
        await Api.AdmitMember(c, "A", effectiveFrom: "2026-03-01");
        await Api.AdmitMember(c, "B", effectiveFrom: "2026-03-01");

        var assessed = await Api.Ok(Api.AssessDues(c, 2026), 201);

        Assert.Equal(["153.00", "153.00"], assessed.GetProperty("shares").EnumerateArray().Select(s => s.GetProperty("amount").GetProperty("amount").GetString()));
        Assert.Equal("59.00", assessed.GetProperty("uncovered").GetProperty("amount").GetString());
    }

    [Fact]
    public async Task A_year_in_which_nobody_is_a_member_is_a_422()
    {
        var c = await Api.EstablishConsortium();
        var a = await Api.AdmitMember(c, "A", effectiveFrom: "2025-01-01");
        await Api.Ok(Api.AdoptAgreement(c, [a], new { method = "equal" }), 201);
        await Api.Ok(Api.Post($"/consortia/{c}/members/{a}/withdrawal", new { effectiveFrom = "2025-07-01", reason = "Closed" }));

        var (status, body) = await Api.AssessDues(c, 2026);

        Assert.Equal(422, status);
        Assert.True(body.GetProperty("errors").TryGetProperty("fiscalYear", out _));
    }

    private static Dictionary<string, string> Amounts(System.Text.Json.JsonElement dues) =>
        dues.GetProperty("shares").EnumerateArray().ToDictionary(x => x.GetProperty("memberCode").GetString()!,
            x => x.GetProperty("amount").GetProperty("amount").GetString()!);

    /// <summary>
    /// A prorated assessment is restated prorated. A and B all year, C from 2026-07-01 (184 days); a retroactive
    /// version 2 asks 730.00, equal: 2.00 a day. Jan 1–Jun 30, 181 days, 362.00 for A and B: 181.00 each.
    /// Jul 1–Dec 31, 184 days, 368.00 for A, B, C: 122.66⅔ each. A = B = 303.66⅔, C = 122.66⅔; the floors
    /// (303.66 + 303.66 + 122.66 = 729.98) leave two cents and the three tie on ⅔, so they go to the two ids that sort first.
    /// </summary>
    [Fact]
    public async Task A_prorated_assessment_is_restated_by_day()
    {
        var c = await Api.EstablishConsortium();
        var a = await Api.AdmitMember(c, "A");
        var b = await Api.AdmitMember(c, "B");
        await Api.Ok(Api.AdoptAgreement(c, [a, b], new { method = "equal" }, annualAmount: "365.00"), 201);
        var late = await Api.AdmitMember(c, "C", effectiveFrom: "2026-07-01");
        await Api.Ok(Api.AssessDues(c, 2026), 201);
        await Api.Ok(Api.Post($"/consortia/{c}/agreement/versions", new
        {
            version = 2, effectiveFrom = "2026-01-01", signatories = new[] { a, b }, retroactive = true,
            dues = new { annualAmount = new { amount = "730.00", currency = "USD" }, rule = new { method = "equal" } },
        }), 201);

        await Api.Ok(Api.Post($"/consortia/{c}/agreement/versions/2/restatement", new { }));

        var last = new[] { ("A", a), ("B", b), ("C", late) }.OrderBy(x => x.Item2.ToString("D"), StringComparer.Ordinal).Last().Item1;
        var dues = await Api.Ok(Api.Get($"/consortia/{c}/dues/2026"));
        Assert.Equal(new Dictionary<string, string>
        {
            ["A"] = last == "A" ? "303.66" : "303.67", ["B"] = last == "B" ? "303.66" : "303.67", ["C"] = last == "C" ? "122.66" : "122.67",
        }, Amounts(dues));
        Assert.Equal(365, dues.GetProperty("daysInYear").GetInt32());
    }

    /// <summary>
    /// An assessment recorded before proration (no daysInYear: A and B, active on the first day, 150.00 each of 300.00)
    /// is restated on its own basis, among the members active on the first day: version 2's 600.00 equal gives A and B
    /// 300.00 each, and C, admitted on 2026-07-01, still owes nothing for 2026 — the restatement shows the amendment only.
    /// </summary>
    [Fact]
    public async Task An_assessment_recorded_before_proration_is_restated_on_the_first_day_basis()
    {
        var c = await Api.EstablishConsortium();
        var a = await Api.AdmitMember(c, "A");
        var b = await Api.AdmitMember(c, "B");
        await Api.Ok(Api.AdoptAgreement(c, [a, b], new { method = "equal" }, annualAmount: "300.00"), 201);
        await Api.AdmitMember(c, "C", effectiveFrom: "2026-07-01");
        var id = StreamIds.Dues(c, 2026);
        await using (var session = Host.Host.Services.GetRequiredService<IDocumentStore>().SessionFor(c))
        {
            DuesShare Old(Guid member, string code) => new(member, code, Money.Parse("150.00", "USD"), "1/2", "150.000000", 0,
                new Dictionary<BasisAttribute, decimal>());
            session.Events.StartStream<DuesAssessment>(id, new DuesAssessed(id, c, 2026, new NodaTime.LocalDate(2026, 1, 1),
                new NodaTime.LocalDate(2026, 12, 31), StreamIds.Agreement(c), 1, Money.Parse("300.00", "USD"), CostSharingRule.Equal(),
                [Old(a, "A"), Old(b, "B")], LedgerHost.Now));
            await session.SaveChangesAsync(TestContext.Current.CancellationToken);
        }
        var old = Assert.Single((await Api.Ok(Api.Obligations(c, a, 2026))).GetProperty("items").EnumerateArray());
        Assert.Contains("among the 2 members active on 2026-01-01", old.GetProperty("explanation").GetString());

        await Api.Ok(Api.Post($"/consortia/{c}/agreement/versions", new
        {
            version = 2, effectiveFrom = "2026-01-01", signatories = new[] { a, b }, retroactive = true,
            dues = new { annualAmount = new { amount = "600.00", currency = "USD" }, rule = new { method = "equal" } },
        }), 201);
        await Api.Ok(Api.Post($"/consortia/{c}/agreement/versions/2/restatement", new { }));

        var dues = await Api.Ok(Api.Get($"/consortia/{c}/dues/2026"));
        Assert.Equal(new Dictionary<string, string> { ["A"] = "300.00", ["B"] = "300.00" }, Amounts(dues));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, dues.GetProperty("daysInYear").ValueKind);
    }
}
