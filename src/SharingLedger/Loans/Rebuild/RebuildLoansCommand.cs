using JasperFx.CommandLine;
using Marten;
using SharingLedger.Infrastructure.Marten;

namespace SharingLedger.Loans.Rebuild;

public sealed class RebuildLoansInput : NetCoreInput
{
    [Description("Only this consortium's loans (its id); without it, every consortium's in every configured database")]
    public string? ConsortiumFlag { get; set; }
}

/// <summary>What <c>rebuild-loans</c> did: each database's rebuild (null when it failed and was rolled back).</summary>
public sealed record RebuildLoansOutcome(IReadOnlyList<(string Database, LoanRebuildResult? Rebuilt)> Databases)
{
    public bool Succeeded => Databases.Count > 0 && Databases.All(d => d.Rebuilt is not null);
}

/// <summary>
/// <c>dotnet run --project src/SharingLedger -- rebuild-loans [--consortium id]</c>: rebuilds the loan snapshots and their charges
/// of every configured database (each in turn), or of one consortium, from the stored events with <see cref="LoanRebuild"/>, without
/// starting the web host. Safe beside running nodes (loan writes wait for each database's commit), not beside a loan-history
/// import. Exit code 0 when every database was rebuilt, 1 otherwise (a database that failed is left as it was).
/// </summary>
[Description("Rebuild the loan snapshots and charges from the stored events (every consortium, or one)", Name = "rebuild-loans")]
public sealed class RebuildLoansCommand : JasperFxAsyncCommand<RebuildLoansInput>
{
    public override async Task<bool> Execute(RebuildLoansInput input)
    {
        Guid? consortium = null;
        if (input.ConsortiumFlag is { } text)
        {
            if (!Guid.TryParse(text, out var id))
            {
                Console.WriteLine($"Refused: '{text}' is not a consortium id (a GUID).");
                return false;
            }
            consortium = id;
        }
        using var host = input.BuildHost();
        return (await RunAsync((DocumentStore)host.Services.GetRequiredService<IDocumentStore>(), consortium, Console.Out, CancellationToken.None)).Succeeded;
    }

    /// <summary>The command's work, printed to <paramref name="output"/>.</summary>
    public static async Task<RebuildLoansOutcome> RunAsync(DocumentStore store, Guid? consortium, TextWriter output, CancellationToken ct)
    {
        var tenants = consortium is { } c ? new[] { ConsortiumTenancy.TenantOf(c) } : null;
        var databases = tenants is null ? await store.Storage.AllDatabases() : [await store.Storage.FindOrCreateDatabase(tenants[0])];
        var rebuilt = new List<(string, LoanRebuildResult?)>();
        foreach (var database in databases)
        {
            var label = ConsortiumTenancy.Describe(database);
            var name = $"Database {label} ({rebuilt.Count + 1} of {databases.Count})";
            try
            {
                var r = await LoanRebuild.RebuildAsync(store, database, tenants, ct);
                var rate = r.Total.TotalSeconds > 0 ? r.Events / r.Total.TotalSeconds : 0;
                output.WriteLine($"{name}: {r.Loans:N0} loans of {r.Consortia} consortia rebuilt from {r.Events:N0} events through sequence {r.Through:N0} " +
                                 $"in {r.Total.TotalSeconds:N1} s ({rate:N0} events/s).");
                rebuilt.Add((label, r));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Its one transaction rolled back: that database's loans are as they were.
                output.WriteLine($"{name}: rebuild FAILED, its loans are unchanged: {e.Message}");
                rebuilt.Add((label, null));
            }
        }
        return new RebuildLoansOutcome(rebuilt);
    }
}
