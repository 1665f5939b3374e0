using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Consortia;

public class ConsortiumTests(LedgerHost host) : LedgerTest(host)
{
    [Fact]
    public async Task An_established_consortium_can_be_read_back()
    {
        var id = await Api.EstablishConsortium(currency: "CNY", fiscalYearStartMonth: 7, organisation: "multiLevel", governance: "coConstruction");

        var body = await Api.Ok(Api.Get($"/consortia/{id}"));

        Assert.Equal(id, body.GetProperty("id").GetGuid());
        Assert.Equal("CNY", body.GetProperty("baseCurrency").GetString());
        Assert.Equal(7, body.GetProperty("fiscalYearStartMonth").GetInt32());
        Assert.Equal("multiLevel", body.GetProperty("organisationModel").GetString());
        Assert.Equal("coConstruction", body.GetProperty("governanceModel").GetString());
        Assert.Equal("Asia/Shanghai", body.GetProperty("timeZone").GetString());
        Assert.Equal(LedgerHost.Now.ToString(), body.GetProperty("establishedAt").GetString());
    }

    [Fact]
    public async Task An_unknown_consortium_is_a_404_problem()
    {
        var (status, body) = await Api.Get($"/consortia/{Guid.NewGuid()}");
        Assert.Equal(404, status);
        Assert.Equal(404, body.GetProperty("status").GetInt32());
        Assert.Contains("no consortium", body.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Rule_violations_are_422_naming_each_field_and_record_nothing()
    {
        // Other tests create consortia in parallel, so "nothing recorded" is checked by a region no other test uses, not by a count.
        var region = "North " + Guid.NewGuid().ToString("N")[..8];

        var (status, body) = await Api.Post("/consortia", new
        {
            name = "", region, organisationModel = "parallel", governanceModel = "council",
            baseCurrency = "XYZ", fiscalYearStartMonth = 13, timeZone = "Mars/Olympus",
        });

        Assert.Equal(422, status);
        var errors = body.GetProperty("errors");
        foreach (var field in new[] { "name", "baseCurrency", "fiscalYearStartMonth", "timeZone" })
            Assert.True(errors.TryGetProperty(field, out _), $"no error for {field}: {body}");
        Assert.DoesNotContain(await Api.All("/consortia"), c => c.GetProperty("region").GetString() == region);
    }

    [Theory]
    [InlineData("{\"name\": \"x\",")]
    [InlineData("")]
    [InlineData("[1,2]")]
    [InlineData("{\"name\":\"A\",\"region\":\"R\",\"organisationModel\":\"parallel\",\"governanceModel\":\"council\",\"baseCurrency\":\"USD\",\"fiscalYearStartMonth\":1,\"colour\":\"red\"}")]
    [InlineData("{\"name\":\"A\",\"region\":\"R\",\"organisationModel\":\"parallel\",\"governanceModel\":\"council\",\"baseCurrency\":\"USD\",\"fiscalYearStartMonth\":\"one\"}")]
    [InlineData("{\"name\":\"A\",\"region\":\"R\",\"organisationModel\":\"parallel\",\"governanceModel\":\"council\",\"baseCurrency\":\"USD\",\"fiscalYearStartMonth\":99999999999999999999}")]
    public async Task Malformed_json_is_a_400_problem(string json)
    {
        var (status, body) = await Api.PostRaw("/consortia", json);
        Assert.Equal(400, status);
        Assert.Equal(400, body.GetProperty("status").GetInt32());
    }
}
