using System.Text;
using System.Text.RegularExpressions;
using Alba;
using Marten;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SharingLedger.Tests.Subscriptions;
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

    /// <summary>What no answer may contain: the name of a .NET type or namespace of the runtime or the ledger's libraries.</summary>
    private static readonly Regex TypeName = new(@"System\.|NodaTime\.|SharingLedger\.|Marten\.|Wolverine\.|JasperFx\.|Npgsql\.|Microsoft\.", RegexOptions.Compiled);

    [Fact]
    public Task Amounts_beyond_the_decimal_range_are_refused_without_a_500() => Sweep(Hostility.HugeAmount);

    [Fact]
    public Task Amounts_with_more_decimals_than_their_currency_are_refused() => Sweep(Hostility.TooPrecise);

    [Fact]
    public Task Strings_with_a_nul_character_are_refused() => Sweep(Hostility.Nul);

    [Fact]
    public Task Strings_with_a_lone_surrogate_are_refused() => Sweep(Hostility.LoneSurrogate);

    [Fact]
    public Task Null_entries_in_lists_are_refused() => Sweep(Hostility.NullInList);

    [Fact]
    public Task Dates_before_1900_or_after_2200_are_refused() => Sweep(Hostility.Date);

    [Fact]
    public Task Unknown_fields_in_money_objects_are_refused() => Sweep(Hostility.MoneyUnknownField);

    [Fact]
    public Task Wrong_json_types_inside_a_counter_report_are_refused() => Sweep(Hostility.WrongType);

    /// <summary>
    /// The sweep's starting bodies are readable: no route answers its plausible body with a 400, so each hostile variant
    /// is refused for its one hostile value, not because the rest of the body could not be read.
    /// </summary>
    [Fact]
    public async Task The_sweeps_plausible_bodies_are_read_without_a_400()
    {
        var (c, m, sub, routes) = await SweepTargets();
        var unreadable = new List<string>();
        foreach (var (template, type) in routes)
        {
            var url = Url(template, c, m, sub);
            var json = type == typeof(System.Text.Json.JsonElement) ? HostileBodies.CounterReport("sweep:1").ToJsonString() : HostileBodies.Plausible(type, m);
            if (json is null) continue;
            var (status, body) = await Api.PostRaw(url, json);
            if (status is 400 or >= 500) unreadable.Add($"{template} <- {json}: {status} {body}");
        }
        Assert.True(unreadable.Count == 0, string.Join("\n", unreadable));
    }

    private async Task<(Guid C, Guid M, Guid Sub, List<(string Template, Type RequestType)> Routes)> SweepTargets()
    {
        var s = await SubscriptionScenario.Create(Api, new { rule = new { method = "equal" } }, "USD", ("A", 1, "1.00"), ("B", 1, "1.00"));
        var m = s.Members["A"];
        await Api.Ok(Api.Post($"/consortia/{s.ConsortiumId}/members/{m}/identifiers", new { counterInstitutionIds = new[] { "sweep:1" } }));
        var sub = await s.Contract("1000.00", s.Participants("A", "B"), currency: "USD");
        var routes = Host.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Contains("POST") == true)
            .Select(e => (Template: "/" + e.RoutePattern.RawText!.TrimStart('/'), e.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IAcceptsMetadata>()?.RequestType))
            .Where(e => e.RequestType is not null)
            .DistinctBy(e => e.Template)
            .Select(e => (e.Template, e.RequestType!)).ToList();
        Assert.True(routes.Count > 25);
        return (s.ConsortiumId, m, sub, routes);
    }

    private static string Url(string template, Guid c, Guid m, Guid sub)
    {
        var url = template.Replace("{consortiumId}", c.ToString()).Replace("{memberId}", m.ToString()).Replace("{subscriptionId}", sub.ToString())
            .Replace("{fiscalYear}", "2026").Replace("{term}", "1").Replace("{month}", "2026-01").Replace("{period}", "2026-01").Replace("{action}", "ship");
        return Regex.Replace(url, @"\{[^}]+\}", Guid.NewGuid().ToString());
    }

    /// <summary>
    /// Sends every hostile body of one class to every JSON POST route (the COUNTER import gets hostile reports): each answer
    /// must be a 400, 413 or 422 problem that names no .NET type, and the event store must hold what it held before.
    /// </summary>
    private async Task Sweep(Hostility kind)
    {
        var (c, m, sub, routes) = await SweepTargets();
        var requests = new List<(string Url, HostileBody Body)>();
        foreach (var (template, type) in routes)
        {
            var bodies = type == typeof(System.Text.Json.JsonElement) ? HostileBodies.ForCounterReport("sweep:1") : HostileBodies.For(type, m);
            requests.AddRange(bodies.Where(b => b.Kind == kind).Select(b => (Url(template, c, m, sub), b)));
        }
        Assert.NotEmpty(requests);

        var before = await EventCount();
        var failures = new List<string>();
        var serverErrors = 0;
        foreach (var (url, body) in requests)
        {
            var result = await Host.Host.Scenario(x =>
            {
                x.IgnoreStatusCode();
                x.ConfigureHttpContext(ctx =>
                {
                    ctx.Request.Method = "POST";
                    ctx.Request.Path = url;
                    ctx.Request.ContentType = "application/json";
                    ctx.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body.Json));
                    ctx.Request.ContentLength = Encoding.UTF8.GetByteCount(body.Json);
                });
            });
            var status = result.Context.Response.StatusCode;
            var type = result.Context.Response.ContentType ?? "";
            var text = await result.ReadAsTextAsync();
            if (status >= 500) serverErrors++;
            if (status is not (400 or 413 or 422) || !type.Contains("problem+json") || TypeName.IsMatch(text))
                failures.Add($"{url} {body.Field} <- {body.Json}: {status} {type} {text}");
        }
        var stats = Environment.GetEnvironmentVariable("SWEEP_STATS");
        if (!string.IsNullOrEmpty(stats))
        {
            await File.AppendAllTextAsync(stats, $"{kind}\t{requests.Count}\t{serverErrors}\t{failures.Count}\n", TestContext.Current.CancellationToken);
            await File.AppendAllLinesAsync(stats + ".failures", failures.Select(f => $"{kind}\t{f}"), TestContext.Current.CancellationToken);
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {requests.Count}, {serverErrors} of them 5xx:\n" + string.Join("\n", failures.Take(60)));
        Assert.Equal(before, await EventCount());
    }

    private async Task<long> EventCount()
    {
        // Every consortium's events (each consortium is its own tenant), so the count sees whatever any request recorded.
        await using var command = Host.Host.Services.GetRequiredService<Npgsql.NpgsqlDataSource>().CreateCommand("select count(*) from ledger.mt_events");
        return (long)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }
}
