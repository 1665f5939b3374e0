using JasperFx.Events;
using Marten;
using Marten.Events.Projections;
using Npgsql;
using SharingLedger.Infrastructure.Marten;

namespace SharingLedger.Audit;

/// <summary>
/// The tamper-evident history: chains every stored event to the one before it (in global sequence order) with
/// SHA-256 over its canonical form (<see cref="ChainCanonicalForm"/>) and the previous link's hash, writing one
/// <see cref="ChainLink"/> per event.
/// <para>
/// Asynchronous on purpose: a chain needs exactly one writer that sees events in sequence order. Inline, two
/// concurrent transactions would each link to the same predecessor and fork the chain, and neither would see the
/// other's sequence. The async daemon (one per database, <c>DaemonMode.Solo</c>) reads committed events in
/// sequence order, so the chain trails the log by the daemon's lag.
/// </para>
/// </summary>
public sealed class HashChainProjection(NpgsqlDataSource dataSource) : IProjection
{
    public const string Name = "HashChain";

    // The last link written by this process, used when the previous batch is not yet visible in the database.
    private ChainDigest? _last;

    public async Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        if (events.Count == 0) return;
        var sequences = events.Select(e => e.Sequence).Distinct().Order().ToList();
        var first = sequences[0];

        var previous = await operations.Query<ChainLink>().Where(l => l.Id < first).OrderByDescending(l => l.Id).FirstOrDefaultAsync(cancellation);
        var (previousSequence, previousHash) = previous is null ? (0L, ChainCanonicalForm.Genesis) : (previous.Id, previous.Hash);
        var cached = _last;
        if (cached is not null && cached.Sequence < first && cached.Sequence > previousSequence)
            (previousSequence, previousHash) = (cached.Sequence, cached.Hash);

        var stored = await ChainCanonicalForm.ReadAsync(dataSource, MartenSetup.Schema, sequences, cancellation);
        foreach (var e in stored)
        {
            var hash = ChainCanonicalForm.Hash(e, previousHash);
            operations.Store(new ChainLink { Id = e.Sequence, EventId = e.EventId, Hash = hash, PreviousHash = previousHash, PreviousSequence = previousSequence });
            (previousSequence, previousHash) = (e.Sequence, hash);
        }
        _last = new ChainDigest(previousSequence, previousHash);
    }
}
