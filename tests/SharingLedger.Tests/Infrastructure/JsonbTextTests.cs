using Npgsql;
using SharingLedger.Infrastructure.Marten;
using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Infrastructure;

/// <summary>
/// The jsonb text made in .NET (<see cref="JsonbText"/>) against PostgreSQL's own: each JSON given to PostgreSQL as jsonb and read back
/// as text and as the digest the audit verification reads, which must be what .NET makes of the same JSON. Where .NET cannot be sure
/// (a number in exponent form, a repeated key) it says so, and the caller compares those documents whole.
/// </summary>
public class JsonbTextTests(LedgerHost host) : LedgerTest(host)
{
    public static TheoryData<string> Documents =>
    [
        """{"id":"a","kind":"dues","countsOn":"2026-01-01","position":0,"memberId":"01a24a43-2413-7655-a387-003942b511c2"}""",
        """{"b":1,"a":2,"ab":3,"aa":4,"B":5,"é":6,"z":7,"中":8}""",
        """{"amount":{"amount":"1000.00","currency":"CNY"},"rate":1.50,"negative":-0.00,"zero":-0,"count":12,"big":123456789012345678901234567890}""",
        """{"resource":"中国知网 CNKI","note":"Line one\nline two\t\"quoted\" back\\slash \u0001 \u001f <&>'+","emoji":"\ud83d\udcda"}""",
        """{"escaped":"\u4e2d\u6587\u0022\u0026\u003c","empty":{},"list":[],"nested":[{"y":null,"x":true},[false,{}],"s",-3.25]}""",
        """[1,"two",{"three":3,"four":{"five":[5]}}]""",
        """  { "spaced" : [ 1 , 2 ] , "s" : "v" }  """,
        "\"just a string\\u00e9\\u2028\\u2029\" ",
        """null""",
    ];

    [Theory]
    [MemberData(nameof(Documents))]
    public async Task The_text_and_digest_are_PostgreSQLs_own(string json)
    {
        var (text, digest) = await FromPostgreSql(json);
        Assert.Equal(text, JsonbText.Of(json));
        Assert.Equal(digest, JsonbText.Digest(json));
    }

    [Theory]
    [InlineData("""{"rate":1.5e3}""")]
    [InlineData("""{"rate":[2E-2]}""")]
    [InlineData("""{"a":1,"a":2}""")]
    [InlineData("""{"k\u0065y":1}""")]
    public async Task What_it_cannot_be_sure_of_it_leaves_to_a_whole_comparison(string json)
    {
        var (text, _) = await FromPostgreSql(json);
        Assert.False(string.IsNullOrEmpty(text)); // PostgreSQL takes it
        Assert.Null(JsonbText.Of(json));
        Assert.Null(JsonbText.Digest(json));
    }

    private async Task<(string Text, string Digest)> FromPostgreSql(string json)
    {
        await using var connection = new NpgsqlConnection(Host.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand($"select $1::jsonb::text, {JsonbText.DigestSql("$1::jsonb")}", connection);
        command.Parameters.AddWithValue(json);
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        Assert.True(await reader.ReadAsync(TestContext.Current.CancellationToken));
        return (reader.GetString(0), reader.GetString(1));
    }
}
