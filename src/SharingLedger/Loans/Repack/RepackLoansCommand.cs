using JasperFx.CommandLine;
using Marten;
using SharingLedger.Infrastructure.Marten;

namespace SharingLedger.Loans.Repack;

public sealed class RepackLoansInput : NetCoreInput
{
    [Description("Only the database of this consortium (its id); without it, every configured database")]
    public string? ConsortiumFlag { get; set; }

    [Description("Seconds to wait for a table's lock before giving way to the loan traffic and trying again (default 5)")]
    public int LockWaitFlag { get; set; } = 5;

    [Description("Tries for each table's lock before giving up on that database (default 3)")]
    public int TriesFlag { get; set; } = 3;
}

/// <summary>
/// <c>dotnet run --project src/SharingLedger -- repack-loans [--consortium id] [--lock-wait 5] [--tries 3]</c>: rewrites the loan snapshots'
/// and charged loans' tables of every configured database (each in turn), or of one consortium's database, with
/// <see cref="LoanTablesRepack"/>, so that their pages have room for the loans' next steps; for a quiet hour (the loans of the database
/// wait for each table's rewrite). Exit code 0 when every database was repacked, 1 otherwise.
/// </summary>
[Description("Rewrite the loan tables' pages to the configured fill factor, so loans' next steps stay on their pages (a quiet hour's job)", Name = "repack-loans")]
public sealed class RepackLoansCommand : JasperFxAsyncCommand<RepackLoansInput>
{
    public override async Task<bool> Execute(RepackLoansInput input)
    {
        if (!DatabaseRebuilds.TryConsortium(input.ConsortiumFlag, Console.Out, out var consortium)) return false;
        if (input.LockWaitFlag < 1 || input.TriesFlag < 1)
        {
            Console.Out.WriteLine("Refused: --lock-wait and --tries must be at least 1.");
            return false;
        }
        using var host = input.BuildHost();
        return (await RunAsync((DocumentStore)host.Services.GetRequiredService<IDocumentStore>(), consortium, TimeSpan.FromSeconds(input.LockWaitFlag),
            input.TriesFlag, Console.Out, CancellationToken.None)).Succeeded;
    }

    /// <summary>The command's work, printed to <paramref name="output"/>.</summary>
    public static Task<RebuildOutcome<LoanTablesRepacked>> RunAsync(DocumentStore store, Guid? consortium, TimeSpan lockWait, int tries, TextWriter output,
        CancellationToken ct) =>
        DatabaseRebuilds.EachAsync(store, consortium, "loan tables", output, (database, _) => LoanTablesRepack.RepackAsync(database, lockWait, tries, ct),
            r => string.Join("; ", r.Tables.Select(t => $"{t.Table} repacked from {Megabytes(t.BytesBefore)} to {Megabytes(t.BytesAfter)} " +
                $"in {t.Took.TotalSeconds:N1} s{(t.Tries > 1 ? $" (lock taken at try {t.Tries})" : "")}")) + ".",
            failed: "repack FAILED (no row changes in a repack)");

    private static string Megabytes(long bytes) => $"{bytes / 1048576.0:N1} MB";
}
