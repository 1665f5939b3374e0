using JasperFx.CommandLine;
using Marten;
using SharingLedger.Infrastructure.Marten;

namespace SharingLedger.Ledger.Rebuild;

public sealed class RebuildPostingsInput : NetCoreInput
{
    [Description("Only this consortium's postings (its id); without it, every consortium's in every configured database")]
    public string? ConsortiumFlag { get; set; }
}

/// <summary>
/// <c>dotnet run --project src/SharingLedger -- rebuild-postings [--consortium id]</c>: rebuilds the postings and their running totals
/// of every configured database (each in turn), or of one consortium, from the stored events with <see cref="PostingRebuild"/>,
/// without starting the web host. Safe beside running nodes (writes with postings wait for each database's commit). Exit code 0
/// when every database was rebuilt, 1 otherwise (a database that failed is left as it was).
/// </summary>
[Description("Rebuild the postings and their running totals from the stored events (every consortium, or one)", Name = "rebuild-postings")]
public sealed class RebuildPostingsCommand : JasperFxAsyncCommand<RebuildPostingsInput>
{
    public override async Task<bool> Execute(RebuildPostingsInput input)
    {
        if (!DatabaseRebuilds.TryConsortium(input.ConsortiumFlag, Console.Out, out var consortium)) return false;
        using var host = input.BuildHost();
        return (await RunAsync((DocumentStore)host.Services.GetRequiredService<IDocumentStore>(), consortium, Console.Out, CancellationToken.None)).Succeeded;
    }

    /// <summary>The command's work, printed to <paramref name="output"/>.</summary>
    public static Task<RebuildOutcome<PostingRebuildResult>> RunAsync(DocumentStore store, Guid? consortium, TextWriter output, CancellationToken ct) =>
        DatabaseRebuilds.EachAsync(store, consortium, "postings", output, (database, tenants) => PostingRebuild.RebuildAsync(store, database, tenants, ct),
            r => $"{r.Postings:N0} postings of {r.Consortia} consortia rebuilt from {r.Events:N0} events through sequence {r.Through:N0} " +
                 $"({r.Added:N0} added, {r.Corrected:N0} corrected, {r.Removed:N0} removed) in {r.Total.TotalSeconds:N1} s ({DatabaseRebuilds.Rate(r.Events, r.Total)}).");
}
