using JasperFx.CommandLine;
using Marten;
using SharingLedger.Infrastructure.Marten;

namespace SharingLedger.Loans.Rebuild;

public sealed class RebuildLoansInput : NetCoreInput
{
    [Description("Only this consortium's loans (its id); without it, every consortium's in every configured database")]
    public string? ConsortiumFlag { get; set; }
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
        if (!DatabaseRebuilds.TryConsortium(input.ConsortiumFlag, Console.Out, out var consortium)) return false;
        using var host = input.BuildHost();
        return (await RunAsync((DocumentStore)host.Services.GetRequiredService<IDocumentStore>(), consortium, Console.Out, CancellationToken.None)).Succeeded;
    }

    /// <summary>The command's work, printed to <paramref name="output"/>.</summary>
    public static Task<RebuildOutcome<LoanRebuildResult>> RunAsync(DocumentStore store, Guid? consortium, TextWriter output, CancellationToken ct) =>
        DatabaseRebuilds.EachAsync(store, consortium, "loans", output, (database, tenants) => LoanRebuild.RebuildAsync(store, database, tenants, ct),
            r => $"{r.Loans:N0} loans of {r.Consortia} consortia rebuilt from {r.Events:N0} events through sequence {r.Through:N0} " +
                 $"({r.Added:N0} documents added, {r.Corrected:N0} corrected, {r.Removed:N0} removed) in {r.Total.TotalSeconds:N1} s ({DatabaseRebuilds.Rate(r.Events, r.Total)}).");
}
