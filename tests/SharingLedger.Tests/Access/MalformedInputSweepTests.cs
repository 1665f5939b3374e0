using System.Text;
using Alba;
using Marten;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Access;

[CollectionDefinition("alone", DisableParallelization = true)]
public sealed class AloneCollection;

/// <summary>
/// Every write endpoint, sent truncated JSON, wrong types, huge numbers, empty bodies and unknown
/// fields: each answer is a 4xx problem detail, and the event store holds exactly what it held before.
/// Runs alone, so that no other test's writes blur the count.
/// </summary>
[Collection("alone")]
public class MalformedInputSweepTests(LedgerHost host) : LedgerTest(host)
{
    private static readonly string[] Bodies =
    [
        "{\"name\": \"trunc",
        "",
        "123",
        "[1, 2, 3]",
        "{\"fiscalYear\": 1e400, \"amount\": 99999999999999999999999999999999}",
        "{\"surprise\": true, \"__proto__\": {}}",
        "{\"version\": \"one\", \"memberId\": 42, \"effectiveFrom\": true}",
    ];

    [Fact]
    public async Task Every_write_endpoint_answers_malformed_input_with_a_4xx_problem_and_records_nothing()
    {
        var c = await Api.EstablishConsortium();
        var m = await Api.AdmitMember(c, "A");
        var posts = Host.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Contains("POST") == true)
            // Endpoints that read no body (a rotation, a settlement) have nothing to be malformed.
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IAcceptsMetadata>() is not null)
            .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/'))
            .Distinct().ToList();
        Assert.True(posts.Count > 25);

        var before = await EventCount();
        var failures = new List<string>();
        foreach (var template in posts)
        {
            var url = template.Replace("{consortiumId}", c.ToString()).Replace("{memberId}", m.ToString())
                .Replace("{fiscalYear}", "2026").Replace("{term}", "1").Replace("{month}", "2026-01").Replace("{action}", "ship");
            url = System.Text.RegularExpressions.Regex.Replace(url, @"\{[^}]+\}", Guid.NewGuid().ToString());
            foreach (var body in Bodies)
            {
                var result = await Host.Host.Scenario(s =>
                {
                    s.IgnoreStatusCode();
                    s.ConfigureHttpContext(ctx =>
                    {
                        ctx.Request.Method = "POST";
                        ctx.Request.Path = url;
                        ctx.Request.ContentType = "application/json";
                        ctx.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
                        ctx.Request.ContentLength = Encoding.UTF8.GetByteCount(body);
                    });
                });
                var status = result.Context.Response.StatusCode;
                var type = result.Context.Response.ContentType ?? "";
                if (status is < 400 or >= 500 || !type.Contains("problem+json"))
                    failures.Add($"{template} <- {body}: {status} {type}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(before, await EventCount());
    }

    private async Task<long> EventCount()
    {
        using var scope = Host.Host.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<IQuerySession>().Events.QueryAllRawEvents().LongCountAsync(TestContext.Current.CancellationToken);
    }
}
