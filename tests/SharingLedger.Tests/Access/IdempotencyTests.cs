using System.Text;
using Alba;
using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Access;

public class IdempotencyTests(LedgerHost host) : LedgerTest(host)
{
    private async Task<(int Status, string Body)> PostWithKey(string url, string json, string key)
    {
        var result = await Host.Host.Scenario(s =>
        {
            s.IgnoreStatusCode();
            s.ConfigureHttpContext(c =>
            {
                c.Request.Method = "POST";
                c.Request.Path = url;
                c.Request.ContentType = "application/json";
                c.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(json));
                c.Request.ContentLength = Encoding.UTF8.GetByteCount(json);
                c.Request.Headers["Idempotency-Key"] = key;
            });
        });
        return (result.Context.Response.StatusCode, await result.ReadAsTextAsync());
    }

    private static string Member(string code) =>
        $$"""{"code":"{{code}}","name":"Library {{code}}","kind":"public","fte":1,"population":1,"materialsBudget":{"amount":"1.00","currency":"USD"},"effectiveFrom":"2025-01-01"}""";

    [Fact]
    public async Task A_retry_with_the_same_key_and_body_gets_the_first_response_and_records_nothing_new()
    {
        var c = await Api.EstablishConsortium();
        var key = Guid.NewGuid().ToString();

        var first = await PostWithKey($"/consortia/{c}/members", Member("A"), key);
        var retry = await PostWithKey($"/consortia/{c}/members", Member("A"), key);

        Assert.Equal(201, first.Status);
        Assert.Equal(201, retry.Status);
        Assert.Equal(first.Body, retry.Body);
        Assert.Equal(1, (await Api.Ok(Api.Get($"/consortia/{c}/members"))).GetArrayLength());
    }

    [Fact]
    public async Task The_same_key_with_another_body_is_a_422()
    {
        var c = await Api.EstablishConsortium();
        var key = Guid.NewGuid().ToString();
        await PostWithKey($"/consortia/{c}/members", Member("A"), key);

        var other = await PostWithKey($"/consortia/{c}/members", Member("B"), key);

        Assert.Equal(422, other.Status);
        Assert.Equal(1, (await Api.Ok(Api.Get($"/consortia/{c}/members"))).GetArrayLength());
    }

    [Fact]
    public async Task Concurrent_retries_record_once()
    {
        var c = await Api.EstablishConsortium();
        var key = Guid.NewGuid().ToString();

        var attempts = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => PostWithKey($"/consortia/{c}/members", Member("A"), key)));

        Assert.Contains(attempts, a => a.Status == 201);
        Assert.All(attempts, a => Assert.True(a.Status is 201 or 409, $"{a.Status}: {a.Body}"));
        Assert.All(attempts.Where(a => a.Status == 201), a => Assert.Equal(attempts.First(x => x.Status == 201).Body, a.Body));
        Assert.Equal(1, (await Api.Ok(Api.Get($"/consortia/{c}/members"))).GetArrayLength());
    }

    [Fact]
    public async Task Without_a_key_each_post_is_its_own_request()
    {
        var c = await Api.EstablishConsortium();
        await Api.AdmitMember(c, "A");
        var (status, _) = await Api.Post($"/consortia/{c}/members", new
        {
            code = "A", name = "Again", kind = "public", fte = 1, population = 1,
            materialsBudget = new { amount = "1.00", currency = "USD" }, effectiveFrom = "2025-01-01",
        });
        Assert.Equal(409, status); // a second admission of the same code, not a replay
    }
}
