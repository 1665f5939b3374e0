using System.Text.RegularExpressions;
using Alba;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using SharingLedger.Tests.Support;
using Wolverine.Http;

namespace SharingLedger.Tests.Reliability;

/// <summary>
/// The promise behind "an Idempotency-Key never stays stuck": every POST that takes a key writes the key's claim and its
/// response inside the transaction that commits its effect. Wolverine falls back to claim-then-answer for an endpoint
/// that saves by itself, silently but for a log line; this generates every endpoint's code and finds each one's
/// in-transaction claim frame.
/// </summary>
public class IdempotencyClaimTests(LedgerHost host)
{
    [Fact]
    public async Task Every_post_that_takes_an_idempotency_key_claims_it_in_the_transaction_of_its_effect()
    {
        await using var generator = await AlbaHost.For<Program>(b =>
        {
            b.UseSetting("ConnectionStrings:Ledger", host.ConnectionString);
            b.UseSetting("Auth:OperatorKeys:0:Name", "codegen");
            b.UseSetting("Auth:OperatorKeys:0:Key", "codegen-operator-key-0123456789");
            b.UseSetting("Projections:DaemonMode", "Disabled"); // the shared host's daemon is the database's one writer of the hash chain
            b.UseEnvironment("Testing");
        });
        var graph = ((Microsoft.AspNetCore.Routing.CompositeEndpointDataSource)generator.Services.GetRequiredService<Microsoft.AspNetCore.Routing.EndpointDataSource>())
            .DataSources.OfType<HttpGraph>().Single();
        var keyed = graph.Chains.Where(c => c.DeduplicatedWithResponse is not null).ToList();
        Assert.True(keyed.Count >= 30, $"Expected every command POST to take an Idempotency-Key, found {keyed.Count}.");

        // Wolverine compiles an endpoint at its first request, whatever the answer: one request each, with placeholder ids.
        foreach (var chain in keyed)
        {
            var path = Regex.Replace(chain.RoutePattern!.RawText!, @"\{(\w+)[^}]*\}", m => m.Groups[1].Value switch
            {
                var n when n.EndsWith("Id", StringComparison.Ordinal) => Guid.NewGuid().ToString(),
                "period" or "month" => "2026-01",
                "action" => "shipped",
                _ => "1",
            });
            await generator.Scenario(x =>
            {
                x.Post.Json(new { }).ToUrl(path);
                x.WithRequestHeader("X-Api-Key", "codegen-operator-key-0123456789");
                x.IgnoreStatusCode();
            });
        }
        // Dynamic code keeps its source on the chain; pre-generated code (Release) is the committed file, which
        // `scripts/codegen --check` holds equal to what the current source generates.
        var generated = Path.Combine(Repository.Root, "src", "SharingLedger", "Internal", "Generated", "WolverineHandlers");
        string? SourceOf(HttpChain c)
        {
            if (c.SourceCode is { } inMemory) return inMemory;
            var file = Path.Combine(generated, "POST_" + Regex.Replace(c.RoutePattern!.RawText!.Trim('/'), @"[{}]", "").Replace('/', '_').Replace('-', '_') + ".cs");
            return File.Exists(file) ? File.ReadAllText(file) : null;
        }
        var notInTransaction = keyed.Where(c => SourceOf(c)?.Contains("GH-5160: the work is done") != true)
            .Select(c => c.RoutePattern!.RawText).ToList();

        Assert.True(notInTransaction.Count == 0, "Claimed outside the effect's transaction: " + string.Join(", ", notInTransaction));
    }

    /// <summary>
    /// The frame above cannot see an endpoint that also saves by itself: its effect would commit before the claim. So no
    /// POST endpoint calls SaveChangesAsync, except the two that take no key because they are idempotent by their own rules.
    /// </summary>
    [Fact]
    public void No_post_endpoint_saves_by_itself_before_wolverine_commits_its_claim()
    {
        var root = new DirectoryInfo(Repository.Root);
        string[] ownRules = ["Iso18626Endpoint.cs", "RestateCosts.cs"];
        var offenders = Directory.EnumerateFiles(Path.Combine(root.FullName, "src", "SharingLedger"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !ownRules.Contains(Path.GetFileName(f)))
            .Select(f => (File: f, Text: File.ReadAllText(f)))
            .Where(f => f.Text.Contains("[WolverinePost(") && f.Text.Contains("SaveChangesAsync("))
            .Select(f => Path.GetRelativePath(root.FullName, f.File)).ToList();
        Assert.True(offenders.Count == 0, "POST endpoints that save by themselves: " + string.Join(", ", offenders));
    }
}
