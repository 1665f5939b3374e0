using JasperFx.Events;
using Marten;
using Marten.Events.Projections;
using SharingLedger.Infrastructure.Marten;

namespace SharingLedger.Audit;

/// <summary>
/// The tamper-evident history: one chain per consortium (its tenant). Every stored event is chained to the consortium's
/// event before it (in global sequence order) with SHA-256 over its canonical form (<see cref="ChainCanonicalForm"/>)
/// and that previous link's hash, writing one row per event into <c>ledger.chain_link</c> (<see cref="ChainLinkFeature"/>),
/// tagged with the consortium's tenant. So a consortium's auditor verifies its own chain without reading another
/// consortium's events.
/// <para>
/// Asynchronous on purpose: a chain needs exactly one writer that sees events in sequence order. Inline, two
/// concurrent transactions would each link to the same predecessor and fork the chain, and neither would see the
/// other's sequence. The async daemon (one per database, run by one node at a time) reads committed events in
/// sequence order, so the chain trails the log by the daemon's lag.
/// </para>
/// <para>
/// Set-based: a batch's links, of every consortium in it, are one multi-row INSERT (arrays unnested) queued on the daemon's
/// batch, so they commit in the same transaction as the projection's progress: a crash or a rebuild leaves neither a gap
/// nor a second link for a sequence (the primary key would refuse it). Each consortium's previous link is found by the
/// primary key, all of the batch's consortia in one query.
/// </para>
/// </summary>
public sealed class HashChainProjection : IProjection
{
    public const string Name = "HashChain";

    /// <summary>The most events the daemon hands over at once (its default is 500).</summary>
    public const int BatchSize = 5000;

    private static readonly string Insert =
        $"insert into {ChainLinkFeature.QualifiedName} (tenant_id, sequence, event_id, hash, previous_sequence) " +
        "select * from unnest(?::text[], ?::bigint[], ?::uuid[], ?::bytea[], ?::bigint[])";

    // Per database (one instance serves the daemon of every database when consortia are placed in several; each database's
    // daemon applies its batches one at a time): each consortium's last link written by this process, used when the
    // previous batch is not yet visible in the database (the daemon may apply a batch while the one before it commits),
    // the highest sequence chained, and whether the table was checked.
    private sealed class DatabaseState
    {
        public readonly Dictionary<string, ChainDigest> Last = new();
        public long Highest;
        public bool StorageChecked;
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, DatabaseState> _databases = new();

    public async Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        if (events.Count == 0) return;
        var state = _databases.GetOrAdd(operations.Database.Id.Identity, _ => new DatabaseState());
        // The events and links of the database this daemon runs for (one database, or the one of several these events came from).
        var dataSource = ConsortiumTenancy.DataSourceOf(operations.Database);
        if (!state.StorageChecked)
        {
            await operations.Database.EnsureStorageExistsAsync(typeof(ChainLinkFeature), cancellation);
            state.StorageChecked = true;
        }
        var sequences = events.Select(e => e.Sequence).Distinct().Order().ToList();
        // A batch at or below what this process already chained is a rebuild (or a retry of a failed batch): what it
        // remembers no longer stands, the table does.
        if (sequences[0] <= state.Highest) state.Last.Clear();
        state.Highest = sequences[^1];

        var stored = await ChainCanonicalForm.ReadAsync(dataSource, MartenSetup.Schema, sequences, cancellation);
        if (stored.Count == 0) return; // tombstones only
        var firsts = new Dictionary<string, long>();
        foreach (var e in stored) firsts.TryAdd(e.TenantId, e.Sequence);
        var previous = await ChainLinks.PreviousAsync(dataSource, [.. firsts.Keys], [.. firsts.Values], cancellation);

        // The canonical forms on every core; only putting in each previous hash and hashing follow the chain's order.
        var prepared = new PreparedEvent[stored.Count];
        Parallel.For(0, stored.Count, new ParallelOptions { CancellationToken = cancellation }, i => prepared[i] = ChainCanonicalForm.Prepare(stored[i]));

        var tenants = new string[stored.Count];
        var links = new long[stored.Count];
        var eventIds = new Guid[stored.Count];
        var hashes = new byte[stored.Count][];
        var previousLinks = new long[stored.Count];
        var heads = new Dictionary<string, ChainDigest>(firsts.Count);
        for (var i = 0; i < stored.Count; i++)
        {
            var e = stored[i];
            if (!heads.TryGetValue(e.TenantId, out var head))
            {
                head = previous.GetValueOrDefault(e.TenantId) ?? new ChainDigest(0, ChainCanonicalForm.Genesis);
                if (state.Last.TryGetValue(e.TenantId, out var cached) && cached.Sequence < e.Sequence && cached.Sequence > head.Sequence) head = cached;
            }
            var hash = prepared[i].HashWith(head.Hash);
            (tenants[i], links[i], eventIds[i], hashes[i], previousLinks[i]) = (e.TenantId, e.Sequence, e.EventId, hash, head.Sequence);
            heads[e.TenantId] = new ChainDigest(e.Sequence, Convert.ToHexStringLower(hash));
        }
        operations.QueueSqlCommand(Insert, tenants, links, eventIds, hashes, previousLinks);
        foreach (var (tenant, head) in heads) state.Last[tenant] = head;
    }
}
