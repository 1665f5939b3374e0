using JasperFx.Events;
using Marten;
using Marten.Events.Projections;
using SharingLedger.Infrastructure.Marten;

namespace SharingLedger.Audit;

/// <summary>
/// The tamper-evident history: one chain per consortium (its tenant). Every stored event is chained to the consortium's
/// event before it (in global sequence order) with SHA-256 over its canonical form (<see cref="ChainCanonicalForm"/>)
/// and that previous link's hash, writing one <see cref="ChainLink"/> per event in the consortium's tenant. So a
/// consortium's auditor verifies its own chain without reading another consortium's events.
/// <para>
/// Asynchronous on purpose: a chain needs exactly one writer that sees events in sequence order. Inline, two
/// concurrent transactions would each link to the same predecessor and fork the chain, and neither would see the
/// other's sequence. The async daemon (one per database, run by one node at a time) reads committed events in
/// sequence order, so the chain trails the log by the daemon's lag.
/// </para>
/// </summary>
public sealed class HashChainProjection : IProjection
{
    public const string Name = "HashChain";

    // Each consortium's last link written by this process, used when the previous batch is not yet visible in the database.
    // One instance serves the daemon of every database (consortia placed in several), so concurrently; tenants never share a database.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, ChainDigest> _last = new();

    public async Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        if (events.Count == 0) return;
        var sequences = events.Select(e => e.Sequence).Distinct().Order().ToList();
        // The events of the database this daemon runs for (one database, or the one of several these events came from).
        var stored = await ChainCanonicalForm.ReadAsync(ConsortiumTenancy.DataSourceOf(operations.Database), MartenSetup.Schema, sequences, cancellation);
        foreach (var tenant in stored.GroupBy(e => e.TenantId))
        {
            // Each consortium's links in its own tenant: the tenant's chain, loaded and written only through its tenant.
            var links = operations.ForTenant(tenant.Key);
            var first = tenant.First().Sequence;
            var previous = await links.Query<ChainLink>().Where(l => l.Id < first).OrderByDescending(l => l.Id).FirstOrDefaultAsync(cancellation);
            var (previousSequence, previousHash) = previous is null ? (0L, ChainCanonicalForm.Genesis) : (previous.Id, previous.Hash);
            if (_last.TryGetValue(tenant.Key, out var cached) && cached.Sequence < first && cached.Sequence > previousSequence)
                (previousSequence, previousHash) = (cached.Sequence, cached.Hash);

            foreach (var e in tenant)
            {
                var hash = ChainCanonicalForm.Hash(e, previousHash);
                links.Store(new ChainLink { Id = e.Sequence, EventId = e.EventId, Hash = hash, PreviousHash = previousHash, PreviousSequence = previousSequence });
                (previousSequence, previousHash) = (e.Sequence, hash);
            }
            _last[tenant.Key] = new ChainDigest(previousSequence, previousHash);
        }
    }
}
