using System.Text.Json;
using System.Text.RegularExpressions;
using SharingLedger.Tests.Subscriptions;
using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Access;

/// <summary>
/// Issue 12, item 6: the inputs the hostile-input sweep found accepted although invalid, and the classes it found
/// answered with a 500, each sent once to a real endpoint. The expected status is the API's contract (400 for a value
/// that cannot be read as text or as its type, 422 for a value that breaks a rule, each naming the field); every
/// refusal leaves the member's account as it was. Each test also sends the same body with a valid value, so it can fail.
/// </summary>
public class EdgeValidationTests(LedgerHost host) : LedgerTest(host)
{
    private static readonly Regex TypeName = new(@"System\.|NodaTime\.|SharingLedger\.|Marten\.|Wolverine\.");

    private async Task<(Guid C, Guid M)> MemberWithDues()
    {
        var c = await Api.EstablishConsortium();
        var m = await Api.AdmitMember(c, "A");
        await Api.Ok(Api.Post($"/consortia/{c}/agreement/versions", new
        {
            version = 1, effectiveFrom = "2025-01-01", signatories = new[] { m },
            dues = new { annualAmount = new { amount = "1000.00", currency = "USD" }, rule = new { method = "equal" } },
        }), 201);
        await Api.Ok(Api.AssessDues(c, 2026), 201);
        return (c, m);
    }

    private static string Payment(string amountJson, string receivedOn = "\"2026-02-01\"", string reference = "\"REF-1\"") =>
        $$"""{"amount": {{amountJson}}, "bankReference": {{reference}}, "receivedOn": {{receivedOn}}}""";

    private async Task<int> StatementLines(Guid c, Guid m) =>
        (await Api.Ok(Api.Get($"/consortia/{c}/members/{m}/statement"))).GetProperty("lines").GetArrayLength();

    private async Task<JsonElement> Refused(Guid c, Guid m, string json, int status, string field)
    {
        var before = await StatementLines(c, m);
        var (actual, body) = await Api.PostRaw($"/consortia/{c}/members/{m}/account/payments", json);
        Assert.True(actual == status, $"Expected {status} but got {actual}: {body}");
        Assert.True(body.GetProperty("errors").TryGetProperty(field, out _), $"Expected an error on '{field}': {body}");
        Assert.DoesNotMatch(TypeName, body.GetRawText());
        Assert.Equal(before, await StatementLines(c, m));
        return body;
    }

    private async Task Accepted(Guid c, Guid m, string json)
    {
        var (status, body) = await Api.PostRaw($"/consortia/{c}/members/{m}/account/payments", json);
        Assert.True(status is 200 or 201, $"The valid variant was refused: {status} {body}");
    }

    [Fact]
    public async Task A_date_with_a_nul_suffix_is_a_400_naming_the_field()
    {
        var (c, m) = await MemberWithDues();
        await Refused(c, m, Payment("""{"amount":"10.00","currency":"USD"}""", receivedOn: "\"2026-02-01\\u0000\""), 400, "receivedOn");
        await Accepted(c, m, Payment("""{"amount":"10.00","currency":"USD"}""", receivedOn: "\"2026-02-01\""));
    }

    [Theory]
    [InlineData("0000-01-01")]
    [InlineData("1899-12-31")]
    [InlineData("2201-01-01")]
    public async Task A_date_outside_1900_to_2200_is_a_422_naming_the_field(string date)
    {
        var (c, m) = await MemberWithDues();
        await Refused(c, m, Payment("""{"amount":"10.00","currency":"USD"}""", receivedOn: $"\"{date}\""), 422, "receivedOn");
        await Accepted(c, m, Payment("""{"amount":"10.00","currency":"USD"}""", receivedOn: "\"2026-02-01\""));
    }

    [Fact]
    public async Task An_unknown_field_inside_a_money_object_is_a_400_naming_it()
    {
        var (c, m) = await MemberWithDues();
        await Refused(c, m, Payment("""{"amount":"10.00","currency":"CNY","x":1}"""), 400, "amount.x");
        await Refused(c, m, Payment("""{"amount":"10.00","currency":"USD","x":1}"""), 400, "amount.x");
        await Accepted(c, m, Payment("""{"amount":"10.00","currency":"USD"}"""));
    }

    [Theory]
    [InlineData("\"0.0000001\"")]
    [InlineData("0.0000001")]
    [InlineData("\"10.001\"")]
    [InlineData("\"0.000000000000000000000000000000001\"")]
    public async Task More_decimals_than_the_currency_has_is_a_422_never_a_rounding(string amount)
    {
        var (c, m) = await MemberWithDues();
        var body = await Refused(c, m, Payment($$"""{"amount":{{amount}},"currency":"USD"}"""), 422, "amount");
        Assert.Contains("2 decimal places", body.GetProperty("detail").GetString());
        await Accepted(c, m, Payment("""{"amount":"0.01","currency":"USD"}"""));
    }

    [Theory]
    [InlineData("\"99999999999999999999999999999999\"")]
    [InlineData("99999999999999999999999999999999")]
    [InlineData("1e400")]
    [InlineData("\"79228162514264337593543950336\"")]
    [InlineData("\"92233720368547758.07\"")]
    [InlineData("\"10000000000000.01\"")]
    public async Task An_amount_beyond_the_ledgers_range_is_a_422_not_a_500(string amount)
    {
        var (c, m) = await MemberWithDues();
        var body = await Refused(c, m, Payment($$"""{"amount":{{amount}},"currency":"USD"}"""), 422, "amount");
        // A number with an exponent is no decimal amount at all; the others say they are too large.
        if (!amount.Contains('e')) Assert.Contains("too large", body.GetProperty("detail").GetString());
        await Accepted(c, m, Payment("""{"amount":"10000000000000.00","currency":"USD"}"""));
    }

    [Theory]
    [InlineData("\"REF\\u0000\"")]
    [InlineData("\"\\u0000\"")]
    [InlineData("\"\\ud800\"")]
    [InlineData("\"REF\\udfff-1\"")]
    public async Task Text_with_a_nul_or_a_lone_surrogate_is_a_400_naming_the_field(string reference)
    {
        var (c, m) = await MemberWithDues();
        await Refused(c, m, Payment("""{"amount":"10.00","currency":"USD"}""", reference: reference), 400, "bankReference");
        // A surrogate pair (an emoji) is valid text.
        await Accepted(c, m, Payment("""{"amount":"10.00","currency":"USD"}""", reference: "\"REF-\\ud83d\\ude00\""));
    }

    [Fact]
    public async Task A_null_entry_in_a_list_is_a_422_naming_its_index()
    {
        var s = await SubscriptionScenario.Create(Api, new { rule = new { method = "equal" } }, "USD", ("A", 1, "1.00"), ("B", 1, "1.00"), ("C", 1, "1.00"));
        var (status, body) = await Api.PostRaw(s.Url, $$"""
            {"vendor":"EBSCO","resource":"Academic Search Complete","termStart":"2026-01-01","termEnd":"2026-12-31",
             "price":{"amount":"1000.00","currency":"USD"},"sharingTerm":"databases",
             "participants":[{"memberId":"{{s.Members["A"]}}"},{"memberId":"{{s.Members["B"]}}"},null]}
            """);
        Assert.True(status == 422, $"{status} {body}");
        Assert.True(body.GetProperty("errors").TryGetProperty("participants[2]", out _), body.ToString());
        Assert.Equal(0, (await Api.Ok(Api.Get(s.Url))).GetArrayLength());
        await s.Contract("1000.00", s.Participants("A", "B"), currency: "USD");
    }

    [Fact]
    public async Task An_empty_body_to_the_identifiers_endpoint_is_a_422_and_clears_nothing()
    {
        var c = await Api.EstablishConsortium();
        var m = await Api.AdmitMember(c, "A");
        await Api.Ok(Api.Post($"/consortia/{c}/members/{m}/identifiers", new { counterInstitutionIds = new[] { "ebsco:1" }, illAgencyIds = new[] { "ILL-A" } }));

        var (status, body) = await Api.PostRaw($"/consortia/{c}/members/{m}/identifiers", "{}");

        Assert.True(status == 422, $"{status} {body}");
        Assert.True(body.GetProperty("errors").TryGetProperty("counterInstitutionIds", out _), body.ToString());
        var member = await Api.Ok(Api.Get($"/consortia/{c}/members/{m}"));
        Assert.Equal(["ebsco:1"], member.GetProperty("counterInstitutionIds").EnumerateArray().Select(x => x.GetString()));
        Assert.Equal(["ILL-A"], member.GetProperty("illAgencyIds").EnumerateArray().Select(x => x.GetString()));
    }

    [Fact]
    public async Task A_list_left_out_of_the_identifiers_stays_as_it_is_and_an_empty_list_clears_it()
    {
        var c = await Api.EstablishConsortium();
        var m = await Api.AdmitMember(c, "A");
        await Api.Ok(Api.Post($"/consortia/{c}/members/{m}/identifiers", new { counterInstitutionIds = new[] { "ebsco:1" }, illAgencyIds = new[] { "ILL-A" } }));

        var changed = await Api.Ok(Api.PostRaw($"/consortia/{c}/members/{m}/identifiers", """{"illAgencyIds":["ILL-B"]}"""));
        Assert.Equal(["ebsco:1"], changed.GetProperty("counterInstitutionIds").EnumerateArray().Select(x => x.GetString()));
        Assert.Equal(["ILL-B"], changed.GetProperty("illAgencyIds").EnumerateArray().Select(x => x.GetString()));

        var cleared = await Api.Ok(Api.PostRaw($"/consortia/{c}/members/{m}/identifiers", """{"counterInstitutionIds":[]}"""));
        Assert.Empty(cleared.GetProperty("counterInstitutionIds").EnumerateArray());
        Assert.Equal(["ILL-B"], cleared.GetProperty("illAgencyIds").EnumerateArray().Select(x => x.GetString()));
    }

    [Theory]
    [InlineData("asOf=0000-01-01", 422, "asOf")]
    [InlineData("asOf=2201-01-01", 422, "asOf")]
    [InlineData("knownAt=1800-01-01T00:00:00Z", 422, "knownAt")]
    [InlineData("asOf=2026-01-01%00", 400, null)]
    public async Task Date_query_parameters_outside_the_range_are_refused(string query, int expected, string? field)
    {
        var (c, m) = await MemberWithDues();
        var (status, body) = await Api.Get($"/consortia/{c}/members/{m}/statement?{query}");
        Assert.True(status == expected, $"{status} {body}");
        if (field is not null) Assert.True(body.GetProperty("errors").TryGetProperty(field, out _), body.ToString());
        await Api.Ok(Api.Get($"/consortia/{c}/members/{m}/statement?asOf=2026-03-01"));
    }

    [Fact]
    public async Task A_value_of_the_wrong_type_is_a_400_in_plain_words_naming_no_type()
    {
        var c = await Api.EstablishConsortium();
        var (status, body) = await Api.PostRaw($"/consortia/{c}/dues", """{"fiscalYear": "2026"}""");
        Assert.Equal(400, status);
        Assert.True(body.GetProperty("errors").TryGetProperty("fiscalYear", out _), body.ToString());
        Assert.DoesNotMatch(TypeName, body.GetRawText());

        (status, body) = await Api.PostRaw($"/consortia/{c}/dues", """{"fiscalYear": 2026, "surprise": 1}""");
        Assert.Equal(400, status);
        Assert.True(body.GetProperty("errors").TryGetProperty("surprise", out _), body.ToString());
        Assert.DoesNotMatch(TypeName, body.GetRawText());
    }
}
