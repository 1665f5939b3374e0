using System.Text.Json;
using System.Text.RegularExpressions;
using Alba;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Authorization;
using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Access;

/// <summary>
/// The interactive API reference (<c>/scalar</c>) in development: opens without credentials, offers the API key and
/// bearer schemes of the OpenAPI document, and names nothing on the internet for the browser to load.
/// A host of its own (Development), so the shared host stays as in production.
/// </summary>
public class ApiReferenceTests(LedgerHost host)
{
    private Task<IAlbaHost> Development() => AlbaHost.For<Program>(b =>
    {
        b.UseSetting("ConnectionStrings:Ledger", host.ConnectionString);
        b.UseSetting("Auth:OperatorKeys:0:Name", "tests");
        b.UseSetting("Auth:OperatorKeys:0:Key", "reference-operator-key-0123456789");
        b.UseSetting("Projections:DaemonMode", "Disabled"); // the shared host's daemon is the database's one writer of the hash chain
        b.UseEnvironment("Development");
    });

    private static async Task<(int Status, string ContentType, string Body)> Get(IAlbaHost h, string url)
    {
        var r = await h.Scenario(s => { s.Get.Url(url); s.IgnoreStatusCode(); });
        return (r.Context.Response.StatusCode, r.Context.Response.ContentType ?? "", await r.ReadAsTextAsync());
    }

    /// <summary>One test and one host: every extra host started against the shared database is start-up work beside the other tests.</summary>
    [Fact]
    public async Task In_development_the_reference_opens_without_a_key_offers_api_key_and_bearer_and_names_nothing_on_the_internet()
    {
        await using var dev = await Development();
        await The_reference_opens_without_a_key_and_loads_its_script_from_the_service(dev);
        await The_document_offers_an_api_key_or_a_bearer_token(dev);
        Every_route_of_the_reference_is_declared_open(dev);
    }

    private static async Task The_reference_opens_without_a_key_and_loads_its_script_from_the_service(IAlbaHost dev)
    {
        var page = await Get(dev, "/scalar/v1");
        Assert.True(page.Status == 200, $"/scalar/v1: {page.Status} {page.Body}");
        Assert.StartsWith("text/html", page.ContentType);

        // Every script and stylesheet the page names is relative (served here), and each answers without a key.
        var sources = Regex.Matches(page.Body, @"(?:src|href)=""([^""]+)""").Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(sources);
        foreach (var source in sources)
        {
            Assert.DoesNotMatch("^(https?:)?//", source);
            var asset = await Get(dev, new Uri(new Uri("http://localhost/scalar/v1"), source).PathAndQuery);
            Assert.True(asset.Status == 200, $"{source}: {asset.Status}");
        }
        Assert.DoesNotContain("https://", page.Body);
        Assert.DoesNotContain("http://", page.Body);

        // The configuration the page hands to the script: no CDN fonts, no telemetry, no cloud client or toolbar.
        Assert.Contains("\"withDefaultFonts\":false", page.Body);
        Assert.Contains("\"telemetry\":false", page.Body);
        Assert.Contains("\"hideClientButton\":true", page.Body);
        Assert.Contains("\"apiKey\"", page.Body);

        var document = await Get(dev, "/openapi/v1.json");
        Assert.Equal(200, document.Status);
    }

    private static async Task The_document_offers_an_api_key_or_a_bearer_token(IAlbaHost dev)
    {
        var document = await Get(dev, "/openapi/v1.json");
        using var doc = JsonDocument.Parse(document.Body);
        var schemes = doc.RootElement.GetProperty("components").GetProperty("securitySchemes");
        var apiKey = schemes.GetProperty("apiKey");
        Assert.Equal(("apiKey", "header", "X-Api-Key"),
            (apiKey.GetProperty("type").GetString(), apiKey.GetProperty("in").GetString(), apiKey.GetProperty("name").GetString()));
        var bearer = schemes.GetProperty("bearer");
        Assert.Equal(("http", "bearer"), (bearer.GetProperty("type").GetString(), bearer.GetProperty("scheme").GetString()));
        // Each operation requires one of the two (the open endpoints are not in the document).
        var listing = doc.RootElement.GetProperty("paths").GetProperty("/consortia").GetProperty("get");
        var required = listing.GetProperty("security").EnumerateArray().SelectMany(r => r.EnumerateObject().Select(p => p.Name)).ToList();
        Assert.Equal(["apiKey", "bearer"], required);
    }

    private static void Every_route_of_the_reference_is_declared_open(IAlbaHost dev)
    {
        var routes = dev.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => ("/" + (e.RoutePattern.RawText ?? "").TrimStart('/')).StartsWith("/scalar", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(routes);
        var closed = routes.Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is null).Select(e => e.RoutePattern.RawText).ToList();
        Assert.True(closed.Count == 0, "Not open: " + string.Join("; ", closed));
    }
}
