using System.IO.Compression;
using System.Text.Json;
using Alba;
using SharingLedger.Tests.Loans;
using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Infrastructure;

/// <summary>
/// A member's system that polls its obligations or statement sends back the ETag it was given (If-None-Match) and hears 304, with no
/// body, while the answer is the same; once a fact the answer comes from changes, it gets the new answer and a new tag.
/// </summary>
public class ConditionalReadsTests(LedgerHost host) : LedgerTest(host)
{
    [Fact]
    public async Task A_member_system_that_sends_the_tag_back_hears_304_until_its_obligations_change()
    {
        var s = await LoanScenario.WithDefaultFees(Host, Api, "A", "B", "C");
        var (c, a) = (s.ConsortiumId, s.Members["A"]);
        var key = (await Api.Ok(Api.Post($"/consortia/{c}/api-keys", new { label = "A's ILL system", roles = new[] { "member" }, memberId = a }), 201))
            .GetProperty("key").GetString()!;
        var url = $"/consortia/{c}/members/{a}/obligations";

        var first = await Read(url, key);
        Assert.Equal(200, first.Status);
        Assert.Matches("^W/\"[0-9a-f]{32}\"$", first.ETag);
        Assert.Equal("private, no-cache", first.CacheControl);
        Assert.Equal("A", JsonDocument.Parse(first.Body).RootElement.GetProperty("memberCode").GetString());

        var same = await Read(url, key, ifNoneMatch: first.ETag);
        Assert.Equal(304, same.Status);
        Assert.Equal("", same.Body);
        Assert.Equal(first.ETag, same.ETag);
        Assert.Equal(304, (await Read(url, key, ifNoneMatch: first.ETag, gzip: true)).Status); // whichever encoding it asks for
        Assert.Equal(304, (await Read(url, key, ifNoneMatch: $"\"other\", {first.ETag}")).Status); // one of several it holds
        Assert.Equal(304, (await Read(url, key, ifNoneMatch: "*")).Status);
        Assert.Equal(200, (await Read(url, key, ifNoneMatch: "\"other\"")).Status);
        Assert.Equal(200, (await Read(url, key, ifNoneMatch: "not a tag")).Status); // malformed: ignored, the answer is sent
        var compressed = await Read(url, key, gzip: true);
        Assert.Equal(first.ETag, compressed.ETag); // the gzip and the plain JSON are one answer
        Assert.Equal(first.Body, compressed.Body);

        // Another member's loan changes nothing of A's: still 304. A's own loan does: 200 with the loan, and a new tag.
        await s.Request("B", "C");
        Assert.Equal(304, (await Read(url, key, ifNoneMatch: first.ETag)).Status);
        await s.Request("A", "B");
        var changed = await Read(url, key, ifNoneMatch: first.ETag);
        Assert.Equal(200, changed.Status);
        Assert.NotEqual(first.ETag, changed.ETag);
        Assert.Equal(1, StoredAnswersTests.Lending(JsonDocument.Parse(changed.Body).RootElement).GetProperty("requestsCounted").GetInt32());
        Assert.Equal(304, (await Read(url, key, ifNoneMatch: changed.ETag)).Status);

        // A past date is worked out each time: no tag, and the tag of today's answer does not make it 304.
        var past = await Read(url + "?asOf=2026-11-01", key, ifNoneMatch: changed.ETag);
        Assert.Equal(200, past.Status);
        Assert.Equal("", past.ETag);
        // Another member's obligations are not found, whatever tag is sent.
        Assert.Equal(404, (await Read($"/consortia/{c}/members/{s.Members["B"]}/obligations", key, ifNoneMatch: "*")).Status);
    }

    [Fact]
    public async Task The_statement_answers_304_with_its_paging_headers_until_the_account_changes()
    {
        var answers = new StoredAnswersTests(Host);
        var (c, a) = await answers.MemberAssessed500();
        var url = $"/consortia/{c}/members/{a}/statement";
        var first = await Read(url);
        Assert.Equal(200, first.Status);

        var same = await Read(url, ifNoneMatch: first.ETag);
        Assert.Equal(304, same.Status);
        Assert.Equal("1", same.Total);

        await answers.Pay200(c, a);
        var paid = await Read(url, ifNoneMatch: first.ETag);
        Assert.Equal(200, paid.Status);
        Assert.Equal("2", paid.Total);
        Assert.Equal("300.00", JsonDocument.Parse(paid.Body).RootElement.GetProperty("closingBalance").GetProperty("amount").GetString()); // 500.00 − 200.00
        Assert.Equal(200, (await Read(url + "?limit=10", ifNoneMatch: paid.ETag)).Status); // a page asked for is worked out
    }

    private sealed record Answer(int Status, string ETag, string CacheControl, string Body, string Total);

    /// <summary>A GET with the member's key (or the tests' own when null), the tag it holds, and gzip if asked; the body inflated.</summary>
    private async Task<Answer> Read(string url, string? key = null, string? ifNoneMatch = null, bool gzip = false)
    {
        var result = await Host.Host.Scenario(x =>
        {
            x.Get.Url(url);
            if (key is not null) x.WithRequestHeader("X-Api-Key", key);
            if (ifNoneMatch is not null) x.WithRequestHeader("If-None-Match", ifNoneMatch);
            if (gzip) x.WithRequestHeader("Accept-Encoding", "gzip");
            x.IgnoreStatusCode();
        });
        var headers = result.Context.Response.Headers;
        var body = result.Context.Response.Body;
        var text = headers.ContentEncoding == "gzip"
            ? await new StreamReader(new GZipStream(body, CompressionMode.Decompress)).ReadToEndAsync(TestContext.Current.CancellationToken)
            : await new StreamReader(body).ReadToEndAsync(TestContext.Current.CancellationToken);
        return new Answer(result.Context.Response.StatusCode, headers.ETag.ToString(), headers.CacheControl.ToString(), text, headers["X-Total-Count"].ToString());
    }
}
