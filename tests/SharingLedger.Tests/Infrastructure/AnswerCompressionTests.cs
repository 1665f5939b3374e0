using System.IO.Compression;
using System.Text.Json;
using Alba;
using SharingLedger.Tests.Loans;
using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Infrastructure;

/// <summary>
/// The API's answers are compressed for a client that asks: Brotli when it accepts Brotli, gzip when only gzip, nothing when it
/// does not say. Whichever it gets, the JSON inside is the same. The console's pages never are.
/// </summary>
public class AnswerCompressionTests(LedgerHost host) : LedgerTest(host)
{
    private async Task<IScenarioResult> Get(string url, string? acceptEncoding, int status = 200) =>
        await Host.Host.Scenario(x =>
        {
            x.Get.Url(url);
            if (acceptEncoding is not null) x.WithRequestHeader("Accept-Encoding", acceptEncoding);
            x.StatusCodeShouldBe(status);
        });

    private static async Task<(string Encoding, byte[] Body)> Read(IScenarioResult result)
    {
        using var buffer = new MemoryStream();
        await result.Context.Response.Body.CopyToAsync(buffer, TestContext.Current.CancellationToken);
        return (result.Context.Response.Headers.ContentEncoding.ToString(), buffer.ToArray());
    }

    private static string Inflate(string encoding, byte[] body)
    {
        using Stream source = encoding switch
        {
            "br" => new BrotliStream(new MemoryStream(body), CompressionMode.Decompress),
            "gzip" => new GZipStream(new MemoryStream(body), CompressionMode.Decompress),
            _ => new MemoryStream(body),
        };
        return new StreamReader(source).ReadToEnd();
    }

    [Fact]
    public async Task A_years_statistics_come_compressed_as_the_client_asks_with_the_same_JSON_inside()
    {
        var s = await LoanScenario.WithDefaultFees(Host, Api, "A", "B", "C");
        var loan = await s.Request("A", "B", on: "2026-10-01");
        await s.Do(loan, "shipped", new { on = "2026-10-04" });
        var url = $"/consortia/{s.ConsortiumId}/ill-statistics?fiscalYear=2026";

        var (plainEncoding, plain) = await Read(await Get(url, null));
        Assert.Equal("", plainEncoding);
        var json = System.Text.Encoding.UTF8.GetString(plain);
        Assert.Equal(["A", "B", "C"], JsonDocument.Parse(json).RootElement.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("memberCode").GetString()));

        foreach (var (accept, expected) in new[] { ("gzip, deflate, br", "br"), ("br;q=0.5, gzip", "gzip"), ("gzip", "gzip"), ("identity", "") })
        {
            var result = await Get(url, accept);
            var (encoding, body) = await Read(result);
            Assert.Equal(expected, encoding);
            Assert.Equal(json, Inflate(encoding, body));
            Assert.StartsWith("application/json", result.Context.Response.ContentType);
            if (expected != "")
            {
                Assert.Contains("Accept-Encoding", result.Context.Response.Headers.Vary.ToString());
                Assert.True(body.Length * 4 < plain.Length, $"{expected}: {body.Length} bytes of {plain.Length}");
            }
        }
    }

    [Fact]
    public async Task A_problem_comes_compressed_too()
    {
        var s = await LoanScenario.WithDefaultFees(Host, Api, "A");
        var (encoding, body) = await Read(await Get($"/consortia/{s.ConsortiumId}/ill-statistics?month=2026-13", "gzip", 400));
        Assert.Equal("gzip", encoding);
        Assert.Equal(400, JsonDocument.Parse(Inflate(encoding, body)).RootElement.GetProperty("status").GetInt32());
    }

    /// <summary>HTML is not among the compressed types; the console's other answers (its CSV downloads) are held back by the
    /// endpoints' marker, which the console journey checks.</summary>
    [Fact]
    public async Task The_consoles_pages_are_not_compressed()
    {
        var result = await Host.Host.Scenario(x =>
        {
            x.Get.Url("/sign-in");
            x.WithRequestHeader("Accept-Encoding", "gzip, deflate, br");
        });
        var (encoding, body) = await Read(result);
        Assert.Equal("", encoding);
        Assert.Contains("<form", System.Text.Encoding.UTF8.GetString(body));
    }
}
