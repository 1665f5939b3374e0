using System.Diagnostics;
using JasperFx.Events.Daemon;
using Marten.Storage;
using Npgsql;
using NpgsqlTypes;
using SharingLedger.Infrastructure.Marten;

namespace SharingLedger.Audit;

/// <summary>What a rebuild did: the links written, the sequence it reached, and where its time went.</summary>
/// <remarks>
/// <see cref="Preparing"/> is the time of the slices' reads and canonical forms added up over the connections that ran them side by
/// side; <see cref="Chaining"/> the hashing in sequence order and the rows handed to COPY, on one thread.
/// </remarks>
public sealed record ChainRebuildResult(long Links, long Through, TimeSpan Clearing, TimeSpan Preparing, TimeSpan Chaining, TimeSpan Total);

/// <summary>
/// Rebuilds every consortium's hash chain of one database from the stored rows, outside Marten's daemon: ordered reads of
/// <c>mt_events</c> in slices side by side (the columns the canonical form hashes, no event objects, each slice's canonical forms
/// made as it is read), the hashes in sequence order, and one binary <c>COPY</c> of the links, in one transaction with the projection's progress, which it sets to
/// the last sequence read; the daemon's <see cref="HashChainProjection"/> goes on from there (docs/decisions.md, "Rebuilding
/// the chain outside the daemon"). The links are the ones the projection makes, byte for byte: same canonical form, same
/// tombstones skipped, each consortium's first link on the genesis hash.
/// </summary>
public static class ChainRebuild
{
    /// <summary>The daemon's shard of the projection (its row in <c>mt_event_progression</c>).</summary>
    public static readonly string Shard = $"{HashChainProjection.Name}:All";

    /// <summary>Sequences per slice read, and how many slices are read side by side (each on its own connection and core).</summary>
    private const int SliceSize = 20_000;
    private static readonly int SideBySide = Math.Clamp(Environment.ProcessorCount + 1, 3, 5);
    private static readonly string Progression = $"{MartenSetup.Schema}.mt_event_progression";
    private static readonly string Events = $"{MartenSetup.Schema}.mt_events";

    /// <summary>
    /// Stops the projection's shard on <paramref name="daemon"/> while the database's chains are rebuilt, then starts it again
    /// (when it was running) to chain what came after.
    /// </summary>
    public static async Task<ChainRebuildResult> RebuildAsync(IProjectionDaemon daemon, IMartenDatabase database, CancellationToken ct)
    {
        var running = daemon.CurrentAgents().Any(a => a.Name.Identity == Shard);
        if (running) await daemon.StopAgentAsync(Shard);
        try
        {
            return await RebuildAsync(database, ct);
        }
        finally
        {
            if (running) await daemon.StartAgentAsync(Shard, ct);
        }
    }

    /// <summary>
    /// The database's rebuild when no daemon of this process writes its chain (the <c>rebuild-chain</c> command): the shard must not
    /// run anywhere else either meanwhile.
    /// </summary>
    public static async Task<ChainRebuildResult> RebuildAsync(IMartenDatabase database, CancellationToken ct)
    {
        await database.EnsureStorageExistsAsync(typeof(ChainLinkFeature), ct);
        return await RebuildAsync(ConsortiumTenancy.DataSourceOf(database), ct);
    }

    /// <summary>The rebuild itself; the projection's shard must not be running on this database meanwhile.</summary>
    public static async Task<ChainRebuildResult> RebuildAsync(NpgsqlDataSource dataSource, CancellationToken ct)
    {
        var total = Stopwatch.StartNew();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        // A writer of the chain still running elsewhere waits on this row and then finds its progress moved: its batch rolls back.
        await ExecuteAsync(connection, $"select 1 from {Progression} where name = $1 for update", ct, Shard);
        var through = await CeilingAsync(connection, ct);
        var clearing = Stopwatch.StartNew();
        // Emptied with TRUNCATE, not DELETE: the COPY below then writes into an empty table, where against the deleted links each new
        // link's key checks the dead row with the same key and the pages are twice the size (rebuild 52–65k → 84–99k events/s,
        // docs/performance.md). It takes the table for itself until the commit, so a verification meanwhile waits for the rebuilt
        // links instead of reading the old ones; the rebuild runs with the service stopped (docs/decisions.md, "The chain's rebuild
        // empties the links with TRUNCATE"). Rolled back with the rest when the rebuild fails.
        await ExecuteAsync(connection, $"truncate {ChainLinkFeature.QualifiedName}", ct);
        clearing.Stop();

        var preparing = new long[1];
        var chaining = new Stopwatch();
        var links = await WriteAsync(connection, dataSource, through, preparing, chaining, ct);
        await ExecuteAsync(connection,
            $"insert into {Progression} (name, last_seq_id, last_updated) values ($1, $2, now()) " +
            "on conflict (name) do update set last_seq_id = excluded.last_seq_id, last_updated = excluded.last_updated", ct, Shard, through);
        await transaction.CommitAsync(ct);
        return new ChainRebuildResult(links, through, clearing.Elapsed, TimeSpan.FromTicks(preparing[0]), chaining.Elapsed, total.Elapsed);
    }

    /// <summary>
    /// The links of every event through <paramref name="through"/>, each consortium's chain from the genesis hash, in one binary
    /// COPY. The events are read in slices of the sequence, a few side by side on their own connections, each slice's canonical
    /// forms made as it is read; the slices are then hashed in sequence order.
    /// </summary>
    private static async Task<long> WriteAsync(NpgsqlConnection connection, NpgsqlDataSource dataSource, long through, long[] preparing,
        Stopwatch chaining, CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct); // the slices still reading stop when the writing fails
        var slices = new Queue<Task<Slice>>();
        var next = 0L;
        long links = 0;
        var heads = new Dictionary<string, (long Sequence, byte[] Hash)>();
        var genesis = new byte[ChainCanonicalForm.Genesis.Length / 2]; // 32 zero bytes: 64 zeros in hex
        try
        {
            await using var copy = await connection.BeginBinaryImportAsync(
                $"copy {ChainLinkFeature.QualifiedName} (tenant_id, sequence, event_id, hash, previous_sequence) from stdin (format binary)", ct);
            while (next < through || slices.Count > 0)
            {
                while (slices.Count < SideBySide && next < through)
                {
                    var (after, upTo) = (next, Math.Min(next + SliceSize, through));
                    slices.Enqueue(Task.Run(() => ReadSliceAsync(dataSource, after, upTo, preparing, stop.Token), stop.Token));
                    next = upTo;
                }
                var slice = await slices.Dequeue();
                chaining.Start();
                for (var i = 0; i < slice.Events.Count; i++)
                {
                    var e = slice.Events[i];
                    var head = heads.GetValueOrDefault(e.TenantId, (0, genesis));
                    var hash = slice.Forms[i].HashWith(head.Hash);
                    copy.StartRow();
                    copy.Write(e.TenantId, NpgsqlDbType.Varchar);
                    copy.Write(e.Sequence, NpgsqlDbType.Bigint);
                    copy.Write(e.EventId, NpgsqlDbType.Uuid);
                    copy.Write(hash, NpgsqlDbType.Bytea);
                    copy.Write(head.Sequence, NpgsqlDbType.Bigint);
                    heads[e.TenantId] = (e.Sequence, hash);
                }
                links += slice.Events.Count;
                chaining.Stop();
            }
            await copy.CompleteAsync(ct);
            return links;
        }
        catch
        {
            await stop.CancelAsync();
            throw;
        }
    }

    private sealed record Slice(List<StoredEvent> Events, List<PreparedEvent> Forms);

    /// <summary>The events (tombstones aside) after <paramref name="after"/> through <paramref name="through"/>, with their canonical forms.</summary>
    private static async Task<Slice> ReadSliceAsync(NpgsqlDataSource dataSource, long after, long through, long[] preparing, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var slice = new Slice([], []);
        await foreach (var e in ChainCanonicalForm.ReadAllAsync(dataSource, MartenSetup.Schema, after, through, ct))
        {
            slice.Events.Add(e);
            slice.Forms.Add(ChainCanonicalForm.Prepare(e));
        }
        Interlocked.Add(ref preparing[0], clock.Elapsed.Ticks);
        return slice;
    }

    /// <summary>
    /// How far the rebuild may go: the highest stored sequence with none missing below it. A missing sequence may belong to an
    /// append still in flight, so the rebuild stops before it and leaves the rest to the daemon, whose high-water mark decides
    /// when a gap is for good; gaps at or below that mark (Marten's <c>HighWaterMark</c> row) are passed over. Tombstones fill
    /// their sequences like any row.
    /// </summary>
    private static async Task<long> CeilingAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            $"with settled as (select coalesce((select last_seq_id from {Progression} where name = 'HighWaterMark'), 0) as mark), " +
            $"rows as (select mark as seq_id from settled union all select seq_id from {Events} where seq_id > (select mark from settled)), " +
            "steps as (select seq_id, lead(seq_id) over (order by seq_id) as next from rows) " +
            "select coalesce((select seq_id from steps where next > seq_id + 1 order by seq_id limit 1), (select max(seq_id) from rows))", connection);
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct, params object[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var p in parameters) command.Parameters.Add(new NpgsqlParameter { Value = p });
        await command.ExecuteNonQueryAsync(ct);
    }
}
