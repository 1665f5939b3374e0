using SharingLedger.Tests.Support;

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
}
