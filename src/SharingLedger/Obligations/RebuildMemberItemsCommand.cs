using JasperFx.CommandLine;
using Marten;
using SharingLedger.Infrastructure.Marten;

namespace SharingLedger.Obligations;

public sealed class RebuildMemberItemsInput : NetCoreInput
{
    [Description("Only this consortium (its id); without it, every consortium with events in every configured database")]
    public string? ConsortiumFlag { get; set; }
}

/// <summary>
/// <c>dotnet run --project src/SharingLedger -- rebuild-member-items [--consortium id]</c>: keeps again, from the stored snapshots, the
/// members' items of every shared cost and each subscription's member rows and outline (<see cref="MemberItemsRebuild"/>), without
/// starting the web host. Safe beside running nodes. Exit code 0 when every consortium was done, 1 otherwise.
/// </summary>
[Description("Keep the members' items, subscription rows and outlines again from the stored snapshots (every consortium, or one)", Name = "rebuild-member-items")]
public sealed class RebuildMemberItemsCommand : JasperFxAsyncCommand<RebuildMemberItemsInput>
{
    public override async Task<bool> Execute(RebuildMemberItemsInput input)
    {
        if (!DatabaseRebuilds.TryConsortium(input.ConsortiumFlag, Console.Out, out var consortium)) return false;
        using var host = input.BuildHost();
        return await RunAsync(host.Services.GetRequiredService<IDocumentStore>(), host.Services.GetServices<IKeptBeside>(), consortium, Console.Out, CancellationToken.None);
    }

    /// <summary>The command's work, a line per consortium printed to <paramref name="output"/>; false when any failed.</summary>
    public static async Task<bool> RunAsync(IDocumentStore store, IEnumerable<IKeptBeside> kept, Guid? consortium, TextWriter output, CancellationToken ct)
    {
        var tenants = consortium is { } c ? [ConsortiumTenancy.TenantOf(c)]
            : (await ConsortiumTenancy.TenantsWithEventsAsync(store, ct)).Where(t => ConsortiumTenancy.ConsortiumOf(t) is not null).ToList();
        var done = true;
        foreach (var tenant in tenants)
        {
            try
            {
                var r = await MemberItemsRebuild.RebuildAsync(store, kept, tenant, ct);
                output.WriteLine($"Consortium {tenant}: " + string.Join("; ", r.Figures.Select(f => $"{f.Documents:N0} {f.Figure} kept again from {f.Snapshots:N0} snapshots")) +
                                 $" in {r.Took.TotalSeconds:N1} s.");
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A transaction a snapshot: those done before the failure stay kept again, the rest as they were.
                output.WriteLine($"Consortium {tenant}: FAILED, the rest of its documents are as they were: {e.Message}");
                done = false;
            }
        }
        if (tenants.Count == 0) output.WriteLine("No consortium with events was found.");
        return done;
    }
}
