using JasperFx.CommandLine;
using Marten;
using Npgsql;

namespace SharingLedger.Audit;

/// <summary>
/// <c>dotnet run --project src/SharingLedger -- verify-chain</c>: walks the hash chain of the configured database
/// (<c>ConnectionStrings__Ledger</c>, or in Development the embedded <c>dev</c> cluster) without starting the web host or the daemon.
/// Exit code 0 when intact, 1 when a break was found.
/// </summary>
[Description("Verify the tamper-evident hash chain of the event log and name the first event that does not match", Name = "verify-chain")]
public sealed class VerifyChainCommand : JasperFxAsyncCommand<NetCoreInput>
{
    public override async Task<bool> Execute(NetCoreInput input)
    {
        using var host = input.BuildHost();
        var store = host.Services.GetRequiredService<IDocumentStore>();
        var dataSource = host.Services.GetRequiredService<NpgsqlDataSource>();
        var monitor = host.Services.GetRequiredService<ChainMonitor>();
        var v = await ChainVerifier.VerifyAsync(store, dataSource, monitor, CancellationToken.None);
        if (v.Intact)
        {
            Console.WriteLine($"Chain intact: {v.EventsChecked} events checked, through sequence {v.VerifiedThrough?.Sequence ?? 0} " +
                              $"(hash {v.VerifiedThrough?.Hash ?? ChainCanonicalForm.Genesis}); {v.DigestsChecked} period digests match; {v.Pending} events not chained yet.");
            return true;
        }
        var b = v.FirstBreak!;
        if (v.State == "stalled")
        {
            Console.WriteLine($"Chain STALLED: {b.Reason}");
            Console.WriteLine($"{v.EventsChecked} chained events verified, through sequence {v.VerifiedThrough?.Sequence ?? 0}.");
            return false;
        }
        Console.WriteLine($"Chain BROKEN at sequence {b.Sequence} (event {b.EventId}, {b.EventType}): {b.Reason}");
        Console.WriteLine($"{v.EventsChecked} events before it verified, through sequence {v.VerifiedThrough?.Sequence ?? 0}.");
        return false;
    }
}
