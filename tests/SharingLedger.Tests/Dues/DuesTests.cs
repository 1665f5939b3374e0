using System.Text.Json;
using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Dues;

public class DuesTests(LedgerHost host) : LedgerTest(host)
{
    private static readonly object Weighted = new
    {
        method = "weighted", equalBase = 0.30m, weights = new Dictionary<string, decimal> { ["fte"] = 0.5m, ["budget"] = 0.5m },
    };

    /// <summary>The shared case thirty-percent-equal-base-then-fte-and-budget, recorded as events and read back.</summary>
    [Fact]
    public async Task Weighted_dues_match_the_shared_case_end_to_end()
    {
        var c = await Api.EstablishConsortium();
        var a = await Api.AdmitMember(c, "A", fte: 20000, budget: "10000000.00");
        var b = await Api.AdmitMember(c, "B", fte: 5000, budget: "2000000.00");
        var cc = await Api.AdmitMember(c, "C", fte: 1000, budget: "500000.00");
        await Api.Ok(Api.AdoptAgreement(c, [a, b, cc], Weighted, annualAmount: "100000.00"), 201);

        var assessed = await Api.Ok(Api.AssessDues(c, 2026), 201);

        var shares = assessed.GetProperty("shares").EnumerateArray()
            .ToDictionary(s => s.GetProperty("memberCode").GetString()!, s => s.GetProperty("amount").GetProperty("amount").GetString());
        Assert.Equal(new Dictionary<string, string?> { ["A"] = "64923.08", ["B"] = "22330.77", ["C"] = "12746.15" }, shares);
        Assert.Equal(1, assessed.GetProperty("agreementVersion").GetInt32());
    }

    [Fact]
    public async Task Equal_dues_of_100_among_3_give_the_odd_cent_to_the_first_member()
    {
        var c = await Api.EstablishConsortium(currency: "CNY");
        var ids = new List<Guid>();
        foreach (var code in new[] { "A", "B", "C" }) ids.Add(await Api.AdmitMember(c, code, budget: "1.00", currency: "CNY"));
        await Api.Ok(Api.AdoptAgreement(c, ids, new { method = "equal" }, annualAmount: "100.00", currency: "CNY"), 201);
        await Api.Ok(Api.AssessDues(c, 2026), 201);

        var amounts = new List<string?>();
        foreach (var id in ids)
        {
            var o = await Api.Ok(Api.Obligations(c, id, 2026));
            amounts.Add(o.GetProperty("total").GetProperty("amount").GetString());
        }

        Assert.Equal(["33.34", "33.33", "33.33"], amounts);
    }

    [Fact]
    public async Task Obligations_explain_the_share()
    {
        var c = await Api.EstablishConsortium();
        var a = await Api.AdmitMember(c, "A", fte: 20000, budget: "10000000.00");
        var b = await Api.AdmitMember(c, "B", fte: 5000, budget: "2000000.00");
        await Api.Ok(Api.AdoptAgreement(c, [a, b], Weighted, annualAmount: "1000.00"), 201);
        await Api.Ok(Api.AssessDues(c, 2026), 201);

        var o = await Api.Ok(Api.Obligations(c, a, 2026));

        var item = Assert.Single(o.GetProperty("items").EnumerateArray());
        Assert.Equal("dues", item.GetProperty("kind").GetString());
        Assert.Equal(20000m, item.GetProperty("inputs").GetProperty("fte").GetDecimal());
        Assert.Equal(10000000m, item.GetProperty("inputs").GetProperty("budget").GetDecimal());
        // 0.3/2 + 0.35·20000/25000 + 0.35·10000000/12000000 = 0.15 + 0.28 + 0.291666... = 433/600
        Assert.Equal("433/600", item.GetProperty("weight").GetString());
        Assert.Equal("721.67", item.GetProperty("amount").GetProperty("amount").GetString());
        Assert.Contains("weighted: 30% equal", item.GetProperty("explanation").GetString());
        Assert.Equal("721.67", o.GetProperty("total").GetProperty("amount").GetString());
    }

    /// <summary>
    /// FY 2026 runs 2026-07-01 to 2027-06-30 (365 days); 400.00 split by FTE among the members active each day, each
    /// with its figures as of its first day in the year: A 300 (changed on 07-01), B 100 (its change on 07-02 is
    /// after the first day), Z 100 (admitted 08-01). This test once expected Z to owe nothing (dues ignored joins).
    /// Jul 1–31, 31 days: A 3/4, B 1/4. Aug 1–Jun 30, 334 days: A 3/5, B 1/5, Z 1/5. In cents, ×40000/365:
    /// A = (31·3/4 + 334·3/5)·40000/365 = 24509.589; B = (31/4 + 334/5)·40000/365 = 8169.863;
    /// Z = 334/5·40000/365 = 7320.548. Floors 39998; the two cents go to B (.863) and A (.589).
    /// </summary>
    [Fact]
    public async Task Dues_share_the_year_by_day_with_each_members_figures_as_of_its_first_day()
    {
        var c = await Api.EstablishConsortium(fiscalYearStartMonth: 7);
        var a = await Api.AdmitMember(c, "A", fte: 100, effectiveFrom: "2025-01-01");
        var b = await Api.AdmitMember(c, "B", fte: 100, effectiveFrom: "2025-01-01");
        var late = await Api.AdmitMember(c, "Z", fte: 100, effectiveFrom: "2026-08-01");
        await Api.Ok(Api.Post($"/consortia/{c}/members/{a}/details", new { effectiveFrom = "2026-07-01", fte = 300 }));
        await Api.Ok(Api.Post($"/consortia/{c}/members/{b}/details", new { effectiveFrom = "2026-07-02", fte = 900 }));
        await Api.Ok(Api.AdoptAgreement(c, [a, b], new { method = "proportional", attribute = "fte" }, annualAmount: "400.00"), 201);

        var assessed = await Api.Ok(Api.AssessDues(c, 2026), 201);

        Assert.Equal("2026-07-01", assessed.GetProperty("periodStart").GetString());
        Assert.Equal("2027-06-30", assessed.GetProperty("periodEnd").GetString());
        var shares = assessed.GetProperty("shares").EnumerateArray().ToDictionary(s => s.GetProperty("memberId").GetGuid(), s => s.GetProperty("amount").GetProperty("amount").GetString());
        Assert.Equal("245.10", shares[a]);
        Assert.Equal("81.70", shares[b]);
        Assert.Equal("73.20", shares[late]);
    }

    [Fact]
    public async Task The_agreement_version_in_force_on_the_first_day_prices_the_year()
    {
        var c = await Api.EstablishConsortium();
        var a = await Api.AdmitMember(c, "A");
        var b = await Api.AdmitMember(c, "B");
        await Api.Ok(Api.AdoptAgreement(c, [a, b], new { method = "equal" }, annualAmount: "100.00", version: 1, effectiveFrom: "2025-01-01"), 201);
        await Api.Ok(Api.AdoptAgreement(c, [a, b], new { method = "equal" }, annualAmount: "300.00", version: 2, effectiveFrom: "2026-01-01"), 201);

        var y2025 = await Api.Ok(Api.AssessDues(c, 2025), 201);
        var y2026 = await Api.Ok(Api.AssessDues(c, 2026), 201);

        Assert.Equal((1, "100.00"), (y2025.GetProperty("agreementVersion").GetInt32(), y2025.GetProperty("total").GetProperty("amount").GetString()));
        Assert.Equal((2, "300.00"), (y2026.GetProperty("agreementVersion").GetInt32(), y2026.GetProperty("total").GetProperty("amount").GetString()));
    }

    [Fact]
    public async Task Assessing_a_year_twice_is_a_409_and_concurrent_attempts_never_500()
    {
        var c = await Api.EstablishConsortium();
        var a = await Api.AdmitMember(c, "A");
        await Api.Ok(Api.AdoptAgreement(c, [a], new { method = "equal" }), 201);

        var attempts = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Api.AssessDues(c, 2026)));

        Assert.Equal(1, attempts.Count(x => x.Status == 201));
        Assert.All(attempts.Where(x => x.Status != 201), x => Assert.Equal(409, x.Status));
        Assert.Equal(409, (await Api.AssessDues(c, 2026)).Status);
    }

    [Fact]
    public async Task Without_an_agreement_in_force_dues_are_a_422()
    {
        var c = await Api.EstablishConsortium();
        var a = await Api.AdmitMember(c, "A");
        await Api.Ok(Api.AdoptAgreement(c, [a], new { method = "equal" }, effectiveFrom: "2027-01-01"), 201);

        var (status, body) = await Api.AssessDues(c, 2026);

        Assert.Equal(422, status);
        Assert.True(body.GetProperty("errors").TryGetProperty("fiscalYear", out _));
        Assert.Equal(404, (await Api.Get($"/consortia/{c}/dues/2026")).Status);
    }

    [Theory]
    [InlineData("{\"method\":\"fixed\",\"percentages\":{}}", "dues.rule.percentages")]
    [InlineData("{\"method\":\"weighted\",\"equalBase\":0.2,\"weights\":{\"fte\":0.5}}", "dues.rule.weights")]
    [InlineData("{\"method\":\"proportional\"}", "dues.rule.attribute")]
    public async Task An_agreement_with_a_broken_rule_is_a_422_naming_the_field(string ruleJson, string field)
    {
        var c = await Api.EstablishConsortium();
        var a = await Api.AdmitMember(c, "A");

        var (status, body) = await Api.AdoptAgreement(c, [a], JsonDocument.Parse(ruleJson).RootElement);

        Assert.Equal(422, status);
        Assert.True(body.GetProperty("errors").TryGetProperty(field, out _), body.ToString());
        Assert.Equal(404, (await Api.Get($"/consortia/{c}/agreement")).Status);
    }

    [Fact]
    public async Task Agreement_versions_must_follow_each_other()
    {
        var c = await Api.EstablishConsortium();
        var a = await Api.AdmitMember(c, "A");
        await Api.Ok(Api.AdoptAgreement(c, [a], new { method = "equal" }, version: 1), 201);

        Assert.Equal(409, (await Api.AdoptAgreement(c, [a], new { method = "equal" }, version: 1, effectiveFrom: "2026-01-01")).Status);
        Assert.Equal(422, (await Api.AdoptAgreement(c, [a], new { method = "equal" }, version: 3, effectiveFrom: "2026-01-01")).Status);
        Assert.Equal(422, (await Api.AdoptAgreement(c, [a], new { method = "equal" }, version: 2, effectiveFrom: "2024-01-01")).Status);
        var foreign = Guid.NewGuid();
        var (status, body) = await Api.AdoptAgreement(c, [a, foreign], new { method = "equal" }, version: 2, effectiveFrom: "2026-01-01");
        Assert.Equal(422, status);
        Assert.True(body.GetProperty("errors").TryGetProperty("signatories[1]", out _));
        Assert.Equal(1, (await Api.Ok(Api.Get($"/consortia/{c}/agreement"))).GetProperty("versions").GetArrayLength());
    }
}
