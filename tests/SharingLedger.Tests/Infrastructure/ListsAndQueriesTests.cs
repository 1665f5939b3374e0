using System.Text.Json;
using Alba;
using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Infrastructure;

/// <summary>One way for lists and queries: limit/offset pages with X-Total-Count and Link, unknown query parameters refused, one problem namespace.</summary>
public class ListsAndQueriesTests(LedgerHost host) : LedgerTest(host)
{
    private const string ProblemNamespace = "https://sharingledger.example/problems/";

    private async Task<(int Status, JsonElement Body, string? Total, string? Link)> Get(string url, bool anonymous = false)
    {
        var result = await Host.Host.Scenario(s =>
        {
            s.IgnoreStatusCode();
            s.Get.Url(url);
            if (anonymous) s.WithRequestHeader("X-Api-Key", ""); // the test host acts as the operator unless told otherwise
        });
        var text = await result.ReadAsTextAsync();
        var body = string.IsNullOrWhiteSpace(text) ? default : JsonDocument.Parse(text).RootElement.Clone();
        var headers = result.Context.Response.Headers;
        return (result.Context.Response.StatusCode, body, headers["X-Total-Count"].FirstOrDefault(), headers.Link.FirstOrDefault());
    }

    [Fact]
    public async Task Members_come_a_page_at_a_time_with_the_total_and_links_to_the_other_pages()
    {
        var c = await Api.EstablishConsortium();
        foreach (var code in new[] { "E", "B", "D", "A", "C" }) await Api.AdmitMember(c, code);

        var (status, page, total, link) = await Get($"/consortia/{c}/members?limit=2&offset=2");

        Assert.Equal(200, status);
        Assert.Equal(["C", "D"], page.EnumerateArray().Select(m => m.GetProperty("code").GetString()).ToArray());
        Assert.Equal("5", total);
        Assert.Equal(
            $"</consortia/{c}/members?limit=2&offset=0>; rel=\"first\", </consortia/{c}/members?limit=2&offset=0>; rel=\"prev\", " +
            $"</consortia/{c}/members?limit=2&offset=4>; rel=\"next\", </consortia/{c}/members?limit=2&offset=4>; rel=\"last\"",
            link);

        var (_, last, _, lastLink) = await Get($"/consortia/{c}/members?limit=2&offset=4");
        Assert.Equal(["E"], last.EnumerateArray().Select(m => m.GetProperty("code").GetString()).ToArray());
        Assert.DoesNotContain("rel=\"next\"", lastLink);
    }

    [Fact]
    public async Task The_operators_consortia_and_a_consortiums_api_keys_are_paged_the_same_way()
    {
        await Api.EstablishConsortium();
        await Api.EstablishConsortium(); // the shared database holds other tests' consortia too: at least these two

        var (status, consortia, total, link) = await Get("/consortia?limit=1");
        Assert.Equal(200, status);
        Assert.Single(consortia.EnumerateArray());
        Assert.True(long.Parse(total!) >= 2, total);
        Assert.Contains("</consortia?limit=1&offset=1>; rel=\"next\"", link);

        var p = await SharingLedger.Tests.Access.Principals.Create(Api); // four keys, issued one after another
        var (keysStatus, keys, keysTotal, keysLink) = await Get($"/consortia/{p.Consortium}/api-keys?limit=3&offset=3");
        Assert.Equal(200, keysStatus);
        Assert.Single(keys.EnumerateArray());
        Assert.Equal("4", keysTotal);
        Assert.Contains($"</consortia/{p.Consortium}/api-keys?limit=3&offset=0>; rel=\"first\"", keysLink);
        Assert.DoesNotContain("rel=\"next\"", keysLink);
    }

    [Fact]
    public async Task A_page_size_beyond_the_cap_or_a_negative_offset_is_refused()
    {
        var c = await Api.EstablishConsortium();
        Assert.Equal(422, (await Get($"/consortia/{c}/members?limit=501")).Status);
        Assert.Equal(422, (await Get($"/consortia/{c}/members?offset=-1")).Status);
        Assert.Equal(400, (await Get($"/consortia/{c}/members?limit=abc")).Status);
    }

    [Fact]
    public async Task An_unknown_query_parameter_is_a_400_that_names_it_and_what_the_route_takes()
    {
        var c = await Api.EstablishConsortium();

        var (status, problem, _, _) = await Get($"/consortia/{c}/members?limt=2");

        Assert.Equal(400, status);
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains("limt", detail);
        Assert.Contains("limit, offset", detail);
        Assert.StartsWith(ProblemNamespace, problem.GetProperty("type").GetString());
        // Parameter names are read without regard to case, as ASP.NET binds them.
        Assert.Equal(200, (await Get($"/consortia/{c}/members?LIMIT=2")).Status);
        Assert.Equal(400, (await Get($"/consortia/{c}?fiscalYear=2026")).Status);
    }

    [Fact]
    public async Task A_members_history_and_statement_are_paged_the_same_way()
    {
        var c = await Api.EstablishConsortium();
        var m = await Api.AdmitMember(c, "A");
        var (changed, _) = await Api.Post($"/consortia/{c}/members/{m}/details", new { name = "Renamed", effectiveFrom = "2025-06-01" });
        Assert.InRange(changed, 200, 299);

        var (status, history, total, link) = await Get($"/consortia/{c}/members/{m}/history?limit=1");
        Assert.Equal(200, status);
        Assert.Equal(1, history.GetArrayLength());
        Assert.Equal("member_admitted", history[0].GetProperty("eventType").GetString());
        Assert.Equal("2", total);
        Assert.Contains("offset=1>; rel=\"next\"", link);
        Assert.EndsWith("Z", history[0].GetProperty("recordedAt").GetString()); // one instant format: ISO UTC

        var (statementStatus, statement, _, _) = await Get($"/consortia/{c}/members/{m}/statement?limit=10&offset=0");
        Assert.Equal(200, statementStatus);
        Assert.Equal(0, statement.GetProperty("offset").GetInt64());
        Assert.Equal(10, statement.GetProperty("limit").GetInt32());
        Assert.Equal(400, (await Get($"/consortia/{c}/members/{m}/statement?page=1")).Status);
    }

    [Fact]
    public async Task Every_kind_of_refusal_names_its_type_in_the_ledgers_namespace()
    {
        var c = await Api.EstablishConsortium();
        var answers = new List<(string What, int Status, JsonElement Body)>();
        var unauthenticated = await Get($"/consortia/{c}/members", anonymous: true);
        answers.Add(("no key", unauthenticated.Status, unauthenticated.Body));
        var unknownRoute = await Get("/no-such-route");
        answers.Add(("unknown route", unknownRoute.Status, unknownRoute.Body));
        var unknownMember = await Get($"/consortia/{c}/members/{Guid.NewGuid()}");
        answers.Add(("unknown member", unknownMember.Status, unknownMember.Body));
        var badYear = await Get($"/consortia/{c}/reconciliation?fiscalYear=abc");
        answers.Add(("malformed query value", badYear.Status, badYear.Body));
        var rule = await Api.Post($"/consortia/{c}/members", new
        {
            code = "X", name = "X", kind = "public", fte = -1, population = 1,
            materialsBudget = new { amount = "1.00", currency = "USD" }, effectiveFrom = "2025-01-01",
        });
        answers.Add(("rule", rule.Status, rule.Body));

        Assert.Equal([401, 404, 404, 400, 422], answers.Select(a => a.Status).ToArray());
        foreach (var (what, _, body) in answers)
            Assert.True(body.ValueKind == JsonValueKind.Object && body.TryGetProperty("type", out var type) && type.GetString()!.StartsWith(ProblemNamespace),
                $"{what}: {body}");
    }
}
