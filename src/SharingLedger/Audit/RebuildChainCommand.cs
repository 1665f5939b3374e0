using JasperFx.CommandLine;
using Marten;
using Npgsql;
using SharingLedger.Infrastructure.Marten;

namespace SharingLedger.Audit;

public sealed class RebuildChainInput : NetCoreInput
{
    [Description("Every node of the service is stopped (no daemon writes the chain meanwhile); without it the command refuses")]
    public bool ServiceStoppedFlag { get; set; }
}

/// <summary>What <c>rebuild-chain</c> did: refused, or each database's rebuild (null when it failed) and every chain's verification after.</summary>
public sealed record RebuildChainOutcome(
    bool Refused,
    IReadOnlyList<(string Database, ChainRebuildResult? Rebuilt)> Databases,
    IReadOnlyList<(string TenantId, ChainVerification Verification)> Verified)
{
    public bool Succeeded => !Refused && Databases.All(d => d.Rebuilt is not null) && Verified.All(v => v.Verification.Intact);
}

/// <summary>
/// <c>dotnet run --project src/SharingLedger -- rebuild-chain --service-stopped</c>: rebuilds every consortium's hash chain of every
/// configured database (each in turn) from the stored events with <see cref="ChainRebuild"/>, outside the daemon and without
/// starting the web host, then verifies every chain (<see cref="ChainVerifier"/>). Refuses unless told the service is stopped: the
/// command cannot stop a daemon of another process, which would race it (docs/decisions.md, "An operator command for the chain's
/// rebuild"). Exit code 0 when every database was rebuilt and every chain is intact, 1 otherwise.
/// </summary>
[Description("Rebuild every consortium's hash chain from the stored events (the service stopped), then verify them", Name = "rebuild-chain")]
public sealed class RebuildChainCommand : JasperFxAsyncCommand<RebuildChainInput>
{
    public override async Task<bool> Execute(RebuildChainInput input)
    {
        using var host = input.BuildHost();
        var outcome = await RunAsync(host.Services.GetRequiredService<IDocumentStore>(), host.Services.GetRequiredService<ChainMonitor>(),
            input.ServiceStoppedFlag, Console.Out, CancellationToken.None);
        return outcome.Succeeded;
    }

    /// <summary>The command's work, printed to <paramref name="output"/>.</summary>
    public static async Task<RebuildChainOutcome> RunAsync(IDocumentStore store, ChainMonitor monitor, bool serviceStopped, TextWriter output,
        CancellationToken ct)
    {
        if (!serviceStopped)
        {
            output.WriteLine("Refused: rebuild-chain rewrites every link and moves the chain writer's progress. A running node of the service " +
                             "(its async daemon writes the chain) would race it: no link is written twice, but the rebuild or the daemon's batch " +
                             "fails, and the daemon may pause its chain writer. Stop every node of the service, then run " +
                             "`rebuild-chain --service-stopped`.");
            return new RebuildChainOutcome(true, [], []);
        }

        var databases = await store.Storage.AllDatabases();
        var rebuilt = new List<(string, ChainRebuildResult?)>();
        foreach (var database in databases)
        {
            var label = ConsortiumTenancy.Describe(database);
            var name = $"Database {label} ({rebuilt.Count + 1} of {databases.Count})";
            try
            {
                var r = await ChainRebuild.RebuildAsync(database, ct);
                var rate = r.Total.TotalSeconds > 0 ? r.Links / r.Total.TotalSeconds : 0;
                output.WriteLine($"{name}: {r.Links:N0} links written through sequence {r.Through:N0} in {r.Total.TotalSeconds:N1} s ({rate:N0} events/s).");
                rebuilt.Add((label, r));
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
            {
                output.WriteLine($"{name}: no events stored yet (the event tables do not exist), nothing to rebuild.");
                rebuilt.Add((label, new ChainRebuildResult(0, 0, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero)));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Its one transaction rolled back: that database's chain is as it was.
                output.WriteLine($"{name}: rebuild FAILED, its chain is unchanged: {e.Message}");
                rebuilt.Add((label, null));
            }
        }

        var verified = await ChainVerifier.VerifyAllAsync(store, monitor, ct);
        foreach (var (tenant, v) in verified) VerifyChainCommand.Report(output, tenant, v);
        var outcome = new RebuildChainOutcome(false, rebuilt, verified);
        output.WriteLine($"{verified.Count} chains verified; {(verified.All(v => v.Verification.Intact) ? "all intact" : "NOT all intact")}.");
        return outcome;
    }
}
