using System.Text.Json;
using Alba;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Access;

public class ApiProductTests(LedgerHost host) : LedgerTest(host)
{
    [Fact]
    public async Task The_openapi_document_lists_every_endpoint()
    {
        var result = await Host.Host.Scenario(s => { s.Get.Url("/openapi/v1.json"); s.WithRequestHeader("X-Api-Key", ""); });
        using var doc = JsonDocument.Parse(await result.ReadAsTextAsync());
        var documented = doc.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(m => $"{m.Name.ToUpperInvariant()} {p.Name}"))
            .ToHashSet();

        var exposed = Host.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<Wolverine.Http.HttpChain>() is not null)
            .SelectMany(e => e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Select(m => $"{m} /{e.RoutePattern.RawText!.TrimStart('/')}"))
            .ToList();

        var missing = exposed.Where(e => !documented.Contains(e)).ToList();
        Assert.True(exposed.Count > 40);
        Assert.True(missing.Count == 0, "Not in the OpenAPI document: " + string.Join("; ", missing));
    }

    [Fact]
    public async Task The_openapi_document_states_each_operations_roles_and_problem_answers()
    {
        var result = await Host.Host.Scenario(s => { s.Get.Url("/openapi/v1.json"); s.WithRequestHeader("X-Api-Key", ""); });
        using var doc = JsonDocument.Parse(await result.ReadAsTextAsync());
        var paths = doc.RootElement.GetProperty("paths");

        var reconciliation = paths.GetProperty("/consortia/{consortiumId}/reconciliation").GetProperty("get");
        Assert.Contains("Roles: finance, auditor, admin.", reconciliation.GetProperty("description").GetString());
        Assert.True(reconciliation.GetProperty("responses").TryGetProperty("403", out _));
        var obligations = paths.GetProperty("/consortia/{consortiumId}/members/{memberId}/obligations").GetProperty("get");
        Assert.Contains("A member system only for its own member.", obligations.GetProperty("description").GetString());
        var admit = paths.GetProperty("/consortia/{consortiumId}/members").GetProperty("post");
        Assert.True(admit.GetProperty("responses").TryGetProperty("422", out _));
        Assert.Contains("Roles: admin.", admit.GetProperty("description").GetString());
    }

    [Fact]
    public async Task A_clients_correlation_id_is_echoed_and_a_trace_id_is_given_otherwise()
    {
        var given = await Host.Host.Scenario(s => { s.Get.Url("/consortia"); s.WithRequestHeader("X-Correlation-Id", "batch-42.run_7"); });
        var made = await Host.Host.Scenario(s => s.Get.Url("/consortia"));
        var hostile = await Host.Host.Scenario(s => { s.Get.Url("/consortia"); s.WithRequestHeader("X-Correlation-Id", "bad id\r\ninjected"); });

        Assert.Equal("batch-42.run_7", given.Context.Response.Headers["X-Correlation-Id"].ToString());
        Assert.False(string.IsNullOrWhiteSpace(made.Context.Response.Headers["X-Correlation-Id"].ToString()));
        Assert.DoesNotContain("injected", hostile.Context.Response.Headers["X-Correlation-Id"].ToString());
    }

    [Fact]
    public async Task Health_endpoints_answer_without_credentials()
    {
        var live = await Host.Host.Scenario(s => { s.Get.Url("/health/live"); s.WithRequestHeader("X-Api-Key", ""); });
        var ready = await Host.Host.Scenario(s => { s.Get.Url("/health/ready"); s.WithRequestHeader("X-Api-Key", ""); });
        using var body = JsonDocument.Parse(await ready.ReadAsTextAsync());
        // Healthy, or Degraded while another test's bulk import has the hash chain more than the threshold behind (the shared
        // host's event log is everyone's): either way ready answers 200 and says PostgreSQL is reachable.
        Assert.Contains(body.RootElement.GetProperty("status").GetString(), new[] { "Healthy", "Degraded" });
        Assert.Equal(200, ready.Context.Response.StatusCode);
        Assert.Contains("PostgreSQL reachable", body.RootElement.GetProperty("checks").GetProperty("ready").GetProperty("description").GetString());
        Assert.Equal(200, live.Context.Response.StatusCode);
    }

    [Fact]
    public async Task An_oversized_body_is_a_413_problem()
    {
        var c = await Api.EstablishConsortium();
        var (status, body) = await Api.PostRaw($"/consortia/{c}/members", "{\"code\":\"" + new string('x', 2_000_000) + "\"}");
        Assert.Equal(413, status);
        Assert.Equal(413, body.GetProperty("status").GetInt32());
    }
}
