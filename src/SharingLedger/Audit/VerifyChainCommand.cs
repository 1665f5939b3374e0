using JasperFx.CommandLine;
using Marten;
using SharingLedger.Infrastructure.Marten;

namespace SharingLedger.Audit;

public sealed class VerifyChainInput : NetCoreInput
{
    [Description("Verify only this consortium's chain (its id); without it, every consortium's chain is verified")]
    public string? ConsortiumFlag { get; set; }
}

/// <summary>
/// <c>dotnet run --project src/SharingLedger -- verify-chain [--consortium id]</c>: walks the hash chain of every consortium (one
/// chain each), or of one, in the configured database (<c>ConnectionStrings__Ledger</c>, or in Development the embedded
/// <c>dev</c> cluster) without starting the web host or the daemon. Then it recomputes each consortium's derived figures (<see cref="IDerivedFiguresCheck"/>: postings, running totals). Exit code 0 when every chain is intact and every derived figure matches, 1 otherwise.
/// </summary>
[Description("Verify the tamper-evident hash chains (one per consortium) and name the first event that does not match", Name = "verify-chain")]
public sealed class VerifyChainCommand : JasperFxAsyncCommand<VerifyChainInput>
{
    public override async Task<bool> Execute(VerifyChainInput input)
    {
        using var host = input.BuildHost();
        var store = host.Services.GetRequiredService<IDocumentStore>();
        var monitor = host.Services.GetRequiredService<ChainMonitor>();
        if (input.ConsortiumFlag is { } one)
        {
            if (!Guid.TryParse(one, out var consortiumId))
            {
                Console.WriteLine($"'{one}' is not a consortium id.");
                return false;
            }
            var tenant = ConsortiumTenancy.TenantOf(consortiumId);
            return Report(Console.Out, tenant, await ChainVerifier.VerifyAsync(store, monitor, tenant, CancellationToken.None))
                & await DerivedAsync(store, host.Services.GetServices<IDerivedFiguresCheck>(), tenant);
        }

        // The operator's check: every consortium's chain, and the writer's lag over the whole log.
        var all = await ChainVerifier.VerifyAllAsync(store, monitor, CancellationToken.None);
        var intact = true;
        foreach (var (tenant, v) in all) intact &= Report(Console.Out, tenant, v) & await DerivedAsync(store, host.Services.GetServices<IDerivedFiguresCheck>(), tenant);
        var lag = await monitor.CheckAsync(CancellationToken.None);
        Console.WriteLine($"{all.Count} chains verified; {(intact ? "all intact" : "NOT all intact")}; {lag.Pending} events not chained yet.");
        return intact && !lag.Stalled;
    }

    /// <summary>The figures derived from the consortium's events (postings, running totals), recomputed; names the first that differs.</summary>
    private static async Task<bool> DerivedAsync(IDocumentStore store, IEnumerable<IDerivedFiguresCheck> checks, string tenant)
    {
        if (ConsortiumTenancy.ConsortiumOf(tenant) is not { } consortium) return true; // the default tenant holds no consortium's figures
        var same = true;
        foreach (var d in await DerivedFigures.CheckAllAsync(store, tenant, checks, consortium, CancellationToken.None))
        {
            if (d.FirstBreak is not { } b)
            {
                Console.WriteLine($"Consortium {tenant}: {d.Checked} {d.Figure} recomputed, all match.");
                continue;
            }
            Console.WriteLine($"Consortium {tenant}: {d.Figure} DIFFER at {b.Key}{(b.Sequence is { } s ? $" (event at sequence {s})" : "")}: {b.Reason}");
            same = false;
        }
        return same;
    }

    /// <summary>One line (two when it fails) on a consortium's chain; also what <c>rebuild-chain</c> prints after its rebuild.</summary>
    internal static bool Report(TextWriter output, string tenant, ChainVerification v)
    {
        if (v.Intact)
        {
            output.WriteLine($"Consortium {tenant}: chain intact, {v.EventsChecked} events checked, through sequence {v.VerifiedThrough?.Sequence ?? 0} " +
                              $"(hash {v.VerifiedThrough?.Hash ?? ChainCanonicalForm.Genesis}); {v.DigestsChecked} period digests match; {v.Pending} events not chained yet.");
            return true;
        }
        var b = v.FirstBreak!;
        if (v.State == "stalled")
        {
            output.WriteLine($"Consortium {tenant}: chain STALLED: {b.Reason}");
            output.WriteLine($"  {v.EventsChecked} chained events verified, through sequence {v.VerifiedThrough?.Sequence ?? 0}.");
            return false;
        }
        output.WriteLine($"Consortium {tenant}: chain BROKEN at sequence {b.Sequence} (event {b.EventId}, {b.EventType}): {b.Reason}");
        output.WriteLine($"  {v.EventsChecked} events before it verified, through sequence {v.VerifiedThrough?.Sequence ?? 0}.");
        return false;
    }
}
