using Alba;
using Microsoft.AspNetCore.Hosting;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using SharingLedger.Audit;
using SharingLedger.Infrastructure.Marten;
using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Audit;

/// <summary>
/// <c>rebuild-chain</c>'s work (<see cref="RebuildChainCommand.RunAsync"/>, the method the command calls). Runs alone: it rebuilds
/// every consortium's chain of the shared database and stops the daemon's chain writer meanwhile, as the operator stops the service.
/// </summary>
[Collection("alone")]
public class RebuildChainCommandTests(LedgerHost host) : LedgerTest(host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private IDocumentStore Store => Host.Host.Services.GetRequiredService<IDocumentStore>();

    private ChainMonitor Monitor => Host.Host.Services.GetRequiredService<ChainMonitor>();

    [Fact]
    public async Task Links_deleted_or_altered_are_written_again_as_the_daemon_wrote_them_and_every_chain_verifies()
    {
        var (tenant, first, last) = await ChainedConsortium();
        var before = await Host.LinksOf(tenant);
        Assert.Equal(1, await Host.Sql("delete from ledger.chain_link where sequence = $1", first));
        Assert.Equal(1, await Host.Sql("update ledger.chain_link set hash = sha256('not this link'::bytea) where sequence = $1", last));
        Assert.False((await ChainVerifier.VerifyAsync(Store, tenant, Ct)).Intact);

        var output = new StringWriter();
        var (_, daemon) = await Host.ChainDaemonAsync(tenant);
        await daemon.StopAgentAsync(ChainRebuild.Shard); // the service stopped
        RebuildChainOutcome outcome;
        try
        {
            outcome = await RebuildChainCommand.RunAsync(Store, Monitor, serviceStopped: true, output, Ct);
        }
        finally
        {
            await daemon.StartAgentAsync(ChainRebuild.Shard, Ct);
        }

        Assert.False(outcome.Refused);
        var (_, rebuilt) = Assert.Single(outcome.Databases);
        Assert.NotNull(rebuilt);
        Assert.True(rebuilt.Through >= last, $"the rebuild stopped at {rebuilt.Through}, before {last}");
        Assert.Equal(before, await Host.LinksOf(tenant)); // same sequences, events, hashes (hex) and previous links
        Assert.True(outcome.Verified.Single(v => v.TenantId == tenant).Verification.Intact);
        Assert.Contains($"through sequence {rebuilt.Through:N0}", output.ToString());
        Assert.Contains($"Consortium {tenant}: chain intact", output.ToString());
    }

    [Fact]
    public async Task Without_being_told_the_service_is_stopped_it_refuses_and_rebuilds_nothing()
    {
        var (tenant, _, last) = await ChainedConsortium();
        var before = await Host.LinksOf(tenant);
        Assert.Equal(1, await Host.Sql("update ledger.chain_link set hash = sha256('not this link'::bytea) where sequence = $1", last));
        var altered = await Host.LinksOf(tenant);
        try
        {
            var output = new StringWriter();
            var outcome = await RebuildChainCommand.RunAsync(Store, Monitor, serviceStopped: false, output, Ct);

            Assert.True(outcome.Refused);
            Assert.False(outcome.Succeeded);
            Assert.Empty(outcome.Databases);
            Assert.Contains("--service-stopped", output.ToString());
            Assert.Equal(altered, await Host.LinksOf(tenant)); // the altered link was not written again
        }
        finally
        {
            var hash = Convert.FromHexString(before[^1].Split(' ')[2]);
            await Host.Sql("update ledger.chain_link set hash = $1 where sequence = $2", hash, last);
        }
        Assert.Equal(before, await Host.LinksOf(tenant));
    }

    /// <summary>
    /// With several databases configured, each is rebuilt in turn: a node with two databases and no daemon (so nothing chained
    /// the consortium's events before), its consortium placed in the second.
    /// </summary>
    [Fact]
    public async Task Every_configured_database_is_rebuilt_in_turn()
    {
        var main = await Host.CreateDatabaseAsync("main", Ct);
        var second = await Host.CreateDatabaseAsync("second", Ct);
        await using var node = await AlbaHost.For<Program>(b =>
        {
            b.UseSetting("ConnectionStrings:Ledger", main);
            b.UseSetting("Tenancy:Databases:second", second);
            b.UseSetting("Tenancy:NewConsortiaIn", "second");
            b.UseSetting("Projections:DaemonMode", "Disabled"); // the service's chain writer stopped
            b.UseSetting("Auth:OperatorKeys:0:Name", "rebuild-tests");
            b.UseSetting("Auth:OperatorKeys:0:Key", LedgerHost.OperatorKey);
            b.UseEnvironment("Testing");
        });
        node.BeforeEach(context => context.Request.Headers["X-Api-Key"] = LedgerHost.OperatorKey);
        var api = new LedgerApi(node);
        var c = await api.EstablishConsortium();
        await api.AdmitMember(c, "TWO");
        var store = node.Services.GetRequiredService<IDocumentStore>();
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync(); // the event tables in both (db-apply's work)
        var tenant = ConsortiumTenancy.TenantOf(c);
        Assert.Null((await ChainVerifier.VerifyAsync(store, tenant, Ct)).VerifiedThrough); // nothing chained yet

        var output = new StringWriter();
        var outcome = await RebuildChainCommand.RunAsync(store, node.Services.GetRequiredService<ChainMonitor>(), serviceStopped: true, output, Ct);

        Assert.True(outcome.Succeeded, output.ToString());
        Assert.Equal(2, outcome.Databases.Count);
        Assert.Contains(outcome.Databases, d => d.Database.StartsWith(new Npgsql.NpgsqlConnectionStringBuilder(main).Database!));
        var inSecond = Assert.Single(outcome.Databases, d => d.Database.StartsWith(new Npgsql.NpgsqlConnectionStringBuilder(second).Database!));
        var verified = outcome.Verified.Single(v => v.TenantId == tenant).Verification;
        Assert.True(verified.EventsChecked >= 2); // its establishment and its member, at least
        Assert.True(inSecond.Rebuilt!.Links >= verified.EventsChecked);
        Assert.Contains("(2 of 2)", output.ToString());
    }

    /// <summary>A new consortium with two members, chained by the daemon: its tenant, its first member's sequence and its last.</summary>
    private async Task<(string Tenant, long First, long Last)> ChainedConsortium()
    {
        var c = await Api.EstablishConsortium();
        var first = (await Host.SequencesOf(await Api.AdmitMember(c, "REBUILD-1"))).Single();
        var last = (await Host.SequencesOf(await Api.AdmitMember(c, "REBUILD-2"))).Single();
        await Host.WaitForLink(last);
        return (ConsortiumTenancy.TenantOf(c), first, last);
    }
}
