using System.Text.Json;
using SharingLedger.Tests.Ledger;
using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.InKind;

/// <summary>
/// Services given in kind, valued at the agreement's rates and credited against the year's dues. Scenario (USD, calendar
/// fiscal years, today 2026-11-27): A and B; agreement version 1 from 2025-01-01 with dues of 1000.00 split equally
/// (500.00 each for 2026) and in-kind rates: reference consultation 45.00 an hour, training 120.00 a session,
/// server hosting 200.00 a month.
/// </summary>
public class InKindContributionTests(LedgerHost host) : LedgerTest(host)
{
    private sealed record Setup(Guid ConsortiumId, Guid A, Guid B);

    private static object Rates(string consultation = "45.00") => new Dictionary<string, object>
    {
        ["referenceConsultation"] = new { unit = "hour", rate = new { amount = consultation, currency = "USD" } },
        ["training"] = new { unit = "session", rate = new { amount = "120.00", currency = "USD" } },
        ["serverHosting"] = new { unit = "month", rate = new { amount = "200.00", currency = "USD" } },
    };

    private async Task<Setup> Agreed(bool assess = true)
    {
        var c = await Api.EstablishConsortium();
        var a = await Api.AdmitMember(c, "A");
        var b = await Api.AdmitMember(c, "B");
        await Api.Ok(Adopt(c, [a, b], 1, "2025-01-01", Rates()), 201);
        if (assess) await Api.Ok(Api.AssessDues(c, 2026), 201);
        return new Setup(c, a, b);
    }

    private Task<(int Status, JsonElement Body)> Adopt(Guid c, Guid[] signatories, int version, string effectiveFrom, object? inKind) =>
        Api.Post($"/consortia/{c}/agreement/versions", new
        {
            version, effectiveFrom, signatories,
            dues = new { annualAmount = new { amount = "1000.00", currency = "USD" }, rule = new { method = "equal" } },
            inKind,
        });

    private Task<(int Status, JsonElement Body)> Record(Setup s, Guid member, string kind, decimal quantity, string providedOn, string description = "Evening desk") =>
        Api.Post($"/consortia/{s.ConsortiumId}/members/{member}/in-kind-contributions", new { kind, quantity, providedOn, description });

    private static string Amount(JsonElement e, string property) => e.GetProperty(property).GetProperty("amount").GetString()!;

    [Fact]
    public async Task Contributions_are_valued_at_the_rates_and_credited_against_the_dues_in_obligations_balances_and_the_statement()
    {
        var s = await Agreed();

        // 2.5 hours × 45.00 = 112.50; 1 session × 120.00 = 120.00; together 232.50 against A's 500.00 of dues.
        var first = await Api.Ok(Record(s, s.A, "referenceConsultation", 2.5m, "2026-03-10"), 201);
        await Api.Ok(Record(s, s.A, "training", 1m, "2026-04-02", "Cataloguing workshop"), 201);

        Assert.Equal("112.50", Amount(first, "value"));
        Assert.Equal(1, first.GetProperty("agreementVersion").GetInt32());
        Assert.Equal(2026, first.GetProperty("fiscalYear").GetInt32());

        var obligations = await Api.Ok(Api.Obligations(s.ConsortiumId, s.A, 2026));
        var inKind = obligations.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("kind").GetString() == "inKind").ToList();
        Assert.Equal(["-112.50", "-120.00"], inKind.Select(i => Amount(i, "amount")));
        Assert.All(inKind, i => Assert.Equal(1, i.GetProperty("agreementVersion").GetInt32()));
        Assert.Equal(("2.5 hour", "-112.500000", 0L), (inKind[0].GetProperty("weight").GetString(), inKind[0].GetProperty("exactAmount").GetString(),
            inKind[0].GetProperty("roundingAdjustmentMinor").GetInt64()));
        Assert.Equal("267.50", Amount(obligations, "total")); // 500.00 − 112.50 − 120.00
        Assert.Equal("500.00", Amount(await Api.Ok(Api.Obligations(s.ConsortiumId, s.B, 2026)), "total"));

        var balances = await Api.Ok(Api.Get($"/consortia/{s.ConsortiumId}/balances?asOf=2026-11-27"));
        var a = balances.GetProperty("members").EnumerateArray().Single(m => m.GetProperty("memberCode").GetString() == "A");
        Assert.Equal(("500.00", "232.50", "0.00", "0.00", "267.50"),
            (Amount(a, "assessed"), Amount(a, "inKind"), Amount(a, "credits"), Amount(a, "paid"), Amount(a, "outstanding")));
        Assert.Equal("767.50", Amount(balances, "totalOutstanding")); // 267.50 + 500.00
        var csv = await (await Host.Host.Scenario(x => x.Get.Url($"/consortia/{s.ConsortiumId}/balances.csv?asOf=2026-11-27"))).ReadAsTextAsync();
        Assert.Contains(",A,500.00,0.00,0.00,232.50,0.00,267.50,", csv);

        // Mid-March only the consultation counts.
        var march = await Api.Ok(Api.Get($"/consortia/{s.ConsortiumId}/balances?asOf=2026-03-31"));
        Assert.Equal("112.50", Amount(march.GetProperty("members")[0], "inKind"));

        var statement = await Api.Ok(Api.Get($"/consortia/{s.ConsortiumId}/members/{s.A}/statement"));
        var dues = statement.GetProperty("lines")[0].GetProperty("itemId").GetString();
        var credits = statement.GetProperty("lines").EnumerateArray().Where(l => l.GetProperty("eventType").GetString() == "InKindContributionRecorded").ToList();
        Assert.Equal(["112.50", "120.00"], credits.Select(l => Amount(l, "credit")));
        Assert.All(credits, l => Assert.Equal(dues, l.GetProperty("itemId").GetString()));
        Assert.Equal("267.50", Amount(statement.GetProperty("openItems")[0], "open"));

        await LedgerChecks.AssertBalanced(Host, s.ConsortiumId);
        await LedgerChecks.AssertRebuildEqualsStored(Host, s.ConsortiumId);
    }

    [Fact]
    public async Task A_contribution_is_valued_by_the_agreement_version_in_force_on_its_date()
    {
        var s = await Agreed();
        await Api.Ok(Adopt(s.ConsortiumId, [s.A, s.B], 2, "2026-07-01", Rates(consultation: "60.00")), 201);

        var june = await Api.Ok(Record(s, s.B, "referenceConsultation", 2m, "2026-06-30"), 201);
        var july = await Api.Ok(Record(s, s.B, "referenceConsultation", 2m, "2026-07-01"), 201);

        Assert.Equal(("90.00", 1), (Amount(june, "value"), june.GetProperty("agreementVersion").GetInt32()));   // 2 × 45.00
        Assert.Equal(("120.00", 2), (Amount(july, "value"), july.GetProperty("agreementVersion").GetInt32())); // 2 × 60.00
        Assert.Equal("290.00", Amount(await Api.Ok(Api.Obligations(s.ConsortiumId, s.B, 2026)), "total")); // 500 − 90 − 120
        var postings = await LedgerChecks.Postings(Host, s.ConsortiumId);
        Assert.Equal([1, 1, 2, 2], postings.Where(p => p.EventType == "InKindContributionRecorded").Select(p => p.AgreementVersion ?? 0).Order());
        await LedgerChecks.AssertBalanced(Host, s.ConsortiumId);
    }

    [Fact]
    public async Task Credits_in_kind_cannot_exceed_the_years_dues()
    {
        var s = await Agreed();

        // 3 months of hosting are worth 600.00, more than A's 500.00 of dues.
        var (tooMuch, body) = await Record(s, s.A, "serverHosting", 3m, "2026-05-01");
        await Api.Ok(Record(s, s.A, "serverHosting", 2m, "2026-05-01"), 201);          // 400.00
        var (overTheRest, rest) = await Record(s, s.A, "training", 1m, "2026-06-01");   // 120.00 > 100.00 left
        await Api.Ok(Record(s, s.A, "referenceConsultation", 2.2m, "2026-06-01"), 201); // 99.00 fits

        Assert.Equal(422, tooMuch);
        Assert.Contains("500.00", body.GetProperty("errors").GetProperty("quantity")[0].GetString());
        Assert.Equal(422, overTheRest);
        Assert.Contains("100.00", rest.GetProperty("errors").GetProperty("quantity")[0].GetString());
        Assert.Equal("1.00", Amount(await Api.Ok(Api.Obligations(s.ConsortiumId, s.A, 2026)), "total")); // 500 − 400 − 99
    }

    [Fact]
    public async Task Contributions_the_agreement_does_not_value_are_refused_and_record_nothing()
    {
        var s = await Agreed();

        async Task Refused(Task<(int Status, JsonElement Body)> call, string field)
        {
            var (status, body) = await call;
            Assert.True(status == 422, $"Expected 422 on {field} but got {status}: {body}");
            Assert.True(body.GetProperty("errors").TryGetProperty(field, out _), body.ToString());
        }

        await Refused(Record(s, s.A, "snowClearing", 1m, "2026-03-01"), "kind");
        await Refused(Record(s, s.A, "training", 0m, "2026-03-01"), "quantity");
        await Refused(Record(s, s.A, "training", 1.005m, "2026-03-01"), "quantity");
        await Refused(Record(s, s.A, "training", 1m, "2026-11-28"), "providedOn");  // tomorrow
        await Refused(Record(s, s.A, "training", 1m, "2025-06-01"), "providedOn");  // no dues assessed for 2025
        await Refused(Record(s, s.A, "training", 1m, "2026-03-01", description: " "), "description");
        Assert.Equal(404, (await Record(s, Guid.NewGuid(), "training", 1m, "2026-03-01")).Status);

        Assert.Equal("500.00", Amount(await Api.Ok(Api.Obligations(s.ConsortiumId, s.A, 2026)), "total"));
        Assert.DoesNotContain(await LedgerChecks.Postings(Host, s.ConsortiumId), p => p.EventType == "InKindContributionRecorded");
    }

    [Fact]
    public async Task The_agreement_checks_its_in_kind_rates()
    {
        var c = await Api.EstablishConsortium();
        var a = await Api.AdmitMember(c, "A");

        var (status, body) = await Adopt(c, [a], 1, "2025-01-01", new Dictionary<string, object>
        {
            ["training"] = new { unit = "day", rate = new { amount = "120.00", currency = "EUR" } },
            ["hosting"] = new { unit = "month", rate = new { amount = "0.00", currency = "USD" } },
        });

        Assert.Equal(422, status);
        var errors = body.GetProperty("errors");
        Assert.True(errors.TryGetProperty("inKind.training.unit", out _), body.ToString());
        Assert.True(errors.TryGetProperty("inKind.training.rate", out _), body.ToString());
        Assert.True(errors.TryGetProperty("inKind.hosting.rate", out _), body.ToString());
        Assert.Equal(404, (await Api.Get($"/consortia/{c}/agreement")).Status);
    }
}
