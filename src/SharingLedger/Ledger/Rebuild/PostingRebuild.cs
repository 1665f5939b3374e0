using System.Diagnostics;
using JasperFx.Events;
using Marten;
using Marten.Internal.Storage;
using Marten.Storage;
using Npgsql;
using SharingLedger.Audit;
using SharingLedger.Infrastructure;
using SharingLedger.Infrastructure.Answers;
using SharingLedger.Infrastructure.Marten;
using SharingLedger.Procurement;
using SharingLedger.Subscriptions;

namespace SharingLedger.Ledger.Rebuild;

/// <summary>What a rebuild of one database's postings did: money-moving events read, postings written, consortia, and where its time went.</summary>
/// <remarks><see cref="Reading"/> is the slices' reads and deserialisation added up over the connections that ran them side by side.</remarks>
public sealed record PostingRebuildResult(long Events, long Postings, int Consortia, long Through, TimeSpan Reading, TimeSpan Computing, TimeSpan Writing, TimeSpan Total);

/// <summary>
/// Rebuilds one database's <see cref="Posting"/>s (an inline projection, <see cref="PostingProjection"/>) and their running totals from
/// the stored events, outside Marten's daemon, as <see cref="Loans.Rebuild.LoanRebuild"/> does for the loans: the money-moving events
/// read in slices of the sequence side by side, each event's postings made by the projection's own rules
/// (<see cref="PostingRules.For"/>, the invoice's context, the fiscal periods closed just before the event) and each slice's written
/// with Marten's bulk loader (one binary COPY a consortium), so the totals' statement trigger counts them grouped.
/// </summary>
/// <remarks>
/// One transaction per database. It takes the postings in <c>EXCLUSIVE</c> mode (readers go on reading the old postings and totals
/// until the commit; a write with postings waits for it) and the month-end snapshots' lock of every consortium it rebuilds (a snapshot
/// asked for meanwhile is not taken, and the reader adds the postings up another way). The old postings are deleted with the totals'
/// row trigger disabled (it would count each one out); their totals and snapshots are deleted with them, and the rows written count
/// everything in again (docs/decisions.md, "Rebuilding the postings outside the daemon").
/// </remarks>
public static class PostingRebuild
{
    private const int SliceSize = 50_000;
    private static readonly int SideBySide = Math.Clamp(Environment.ProcessorCount + 1, 3, 5);
    private static readonly string Events = $"{MartenSetup.Schema}.mt_events";

    private static readonly string[] DerivedTables =
        [PostingTotals.MemberTable, PostingTotals.ItemTable, PostingSnapshots.MemberTable, PostingSnapshots.ItemTable, PostingSnapshots.MonthTable];

    /// <summary>
    /// Rebuilds the postings of <paramref name="tenants"/> (consortia's tenant ids) in <paramref name="database"/>, or of every consortium
    /// there when null.
    /// </summary>
    public static async Task<PostingRebuildResult> RebuildAsync(DocumentStore store, IMartenDatabase database, IReadOnlyCollection<string>? tenants, CancellationToken ct)
    {
        var total = Stopwatch.StartNew();
        await database.EnsureStorageExistsAsync(typeof(IEvent), ct);
        await database.EnsureStorageExistsAsync(typeof(Posting), ct);
        await database.EnsureStorageExistsAsync(typeof(PostingTotalsFeature), ct);
        var serializer = store.Options.Serializer();
        var types = PostingRules.EventTypes.ToDictionary(t => store.Events.EventMappingFor(t).EventTypeName);
        var periodTypes = new[] { typeof(PeriodClosed), typeof(PeriodReopened) }.ToDictionary(t => store.Events.EventMappingFor(t).EventTypeName);
        var only = tenants?.ToArray();

        var dataSource = ConsortiumTenancy.DataSourceOf(database);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        // Every write with postings that began before now has committed once the lock is held; every later one waits for the commit.
        await ExecuteAsync(connection, $"lock table {PostingColumns.Table} in exclusive mode", ct);
        var through = (long)(await ScalarAsync(connection, $"select coalesce(max(seq_id), 0) from {Events}", ct))!;
        var consortia = only is null ? await ConsortiaAsync(connection, ct) : only.Select(ConsortiumOf).Distinct().ToArray();
        // No month-end snapshot is taken from the old postings while the new ones are counted (posting_snapshot_take tries this lock).
        await ExecuteAsync(connection, $"select pg_advisory_xact_lock({PostingSnapshots.LockClass}, hashtext(c::text)) from unnest($1::uuid[]) c", ct, consortia);
        await ExecuteAsync(connection, $"alter table {PostingColumns.Table} disable trigger {PostingTotalsSchema.TriggerName}", ct);
        await ExecuteAsync(connection, $"delete from {PostingColumns.Table}{(only is null ? "" : " where tenant_id = any($1)")}", ct, only);
        foreach (var table in DerivedTables)
            await ExecuteAsync(connection, $"delete from {table}{(only is null ? "" : " where consortium_id = any($1)")}", ct, only is null ? null : consortia);
        await ExecuteAsync(connection, $"alter table {PostingColumns.Table} enable trigger {PostingTotalsSchema.TriggerName}", ct);

        var periods = await PeriodActsAsync(connection, serializer, periodTypes, only, through, ct);
        var contexts = new InvoiceContexts(store);
        var reading = new long[1];
        var (computing, writing) = (new Stopwatch(), new Stopwatch());
        long events = 0, postings = 0;
        try
        {
            await foreach (var slice in SlicesAsync(dataSource, serializer, types, only, through, reading, ct))
            {
                computing.Start();
                var byTenant = new Dictionary<string, List<Posting>>();
                foreach (var e in slice)
                {
                    var context = PostingRules.NeedsContext(e.Data) ? await contexts.OfAsync(e.TenantId, e.Data, ct) : null;
                    var made = PostingRules.For(e.Data, PostingProjection.SourceOf(e.Id, e.Data, e.StreamId, e.Version, e.Timestamp), context);
                    if (made.Count == 0) continue;
                    PostingPeriods.Assign(made, PeriodRules.ClosedBefore(periods.GetValueOrDefault(made[0].ConsortiumId) ?? [], e.Sequence));
                    if (!byTenant.TryGetValue(e.TenantId, out var list)) byTenant[e.TenantId] = list = [];
                    list.AddRange(made);
                }
                events += slice.Count;
                computing.Stop();
                writing.Start();
                foreach (var (tenantId, made) in byTenant)
                {
                    var tenant = await store.Tenancy.GetTenantAsync(tenantId);
                    var loader = ((MartenDocumentProvider<Posting>)tenant.Database.Providers.StorageFor<Posting>()).BulkLoader
                        ?? throw new InvalidOperationException("Marten has no bulk loader for postings.");
                    await loader.LoadAsync(tenant, serializer, connection, made, ct);
                    postings += made.Count;
                }
                writing.Stop();
            }
        }
        finally
        {
            await contexts.DisposeAsync();
        }

        writing.Start();
        await transaction.CommitAsync(ct);
        // The consortia's stored answers (obligations, statements, balances) were made from the postings as they were. Marked out of
        // date once the new postings are committed, in a transaction of its own: a write takes its answers' stamps before its postings,
        // so stamping them while holding the postings would deadlock with it. Until then an answer from before the rebuild may still be
        // sent (the postings it was made from are the same but for what the rebuild repaired).
        await using (var stamps = await connection.BeginTransactionAsync(ct))
        {
            foreach (var consortium in consortia)
                await AnswerInvalidation.ConsortiumChangedAsync(database, connection, ConsortiumTenancy.TenantOf(consortium), ct);
            await stamps.CommitAsync(ct);
        }
        writing.Stop();
        return new PostingRebuildResult(events, postings, consortia.Length, through, TimeSpan.FromTicks(reading[0]), computing.Elapsed, writing.Elapsed, total.Elapsed);
    }

    private static Guid ConsortiumOf(string tenant) =>
        ConsortiumTenancy.ConsortiumOf(tenant) ?? throw new InvalidOperationException($"'{tenant}' is not a consortium's tenant.");

    /// <summary>Every consortium of the database: each with streams, and each with totals or snapshots (left from postings, whatever made them).</summary>
    private static async Task<Guid[]> ConsortiaAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        var ids = new SortedSet<Guid>();
        await using (var command = new NpgsqlCommand($"select distinct tenant_id from {MartenSetup.Schema}.mt_streams", connection))
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
                if (ConsortiumTenancy.ConsortiumOf(reader.GetString(0)) is { } id) ids.Add(id);
        var derived = string.Join(" union ", DerivedTables.Select(t => $"select consortium_id from {t}"));
        await using (var command = new NpgsqlCommand($"select distinct consortium_id from ({derived}) d", connection))
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct)) ids.Add(reader.GetGuid(0));
        return [.. ids];
    }

    /// <summary>
    /// Each consortium's closings and reopenings through <paramref name="through"/>, with their sequences: its periods stream, as the
    /// projection reads it to place an event's postings (<see cref="PeriodRules.ClosedBefore"/>).
    /// </summary>
    private static async Task<Dictionary<Guid, List<(long Sequence, object Act)>>> PeriodActsAsync(NpgsqlConnection connection, ISerializer serializer,
        Dictionary<string, Type> types, string[]? tenants, long through, CancellationToken ct)
    {
        var acts = new Dictionary<Guid, List<(long, object)>>();
        await using var command = new NpgsqlCommand(
            $"select seq_id, stream_id, type, data from {Events} where type = any($1) and seq_id <= $2" +
            (tenants is null ? "" : " and tenant_id = any($3)") + " order by seq_id", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = types.Keys.ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = through });
        if (tenants is not null) command.Parameters.Add(new NpgsqlParameter { Value = tenants });
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var act = serializer.FromJson(types[reader.GetString(2)], reader, 3);
            var consortium = act switch { PeriodClosed c => c.ConsortiumId, PeriodReopened r => r.ConsortiumId, _ => Guid.Empty };
            if (reader.GetGuid(1) != StreamIds.FiscalPeriods(consortium)) continue; // the consortium's periods stream only
            if (!acts.TryGetValue(consortium, out var list)) acts[consortium] = list = [];
            list.Add((reader.GetInt64(0), act));
        }
        return acts;
    }

    private sealed record MoneyEventRow(string TenantId, Guid Id, Guid StreamId, long Version, long Sequence, DateTimeOffset Timestamp, object Data);

    /// <summary>The money-moving events through <paramref name="through"/> in sequence order, slice by slice, the next slices read side by side meanwhile.</summary>
    private static async IAsyncEnumerable<List<MoneyEventRow>> SlicesAsync(NpgsqlDataSource dataSource, ISerializer serializer, Dictionary<string, Type> types,
        string[]? tenants, long through, long[] reading, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct); // the slices still reading stop when the rebuild does
        var slices = new Queue<Task<List<MoneyEventRow>>>();
        var names = types.Keys.ToArray();
        long next = 0;
        try
        {
            while (next < through || slices.Count > 0)
            {
                while (slices.Count < SideBySide && next < through)
                {
                    var (after, upTo) = (next, Math.Min(next + SliceSize, through));
                    slices.Enqueue(Task.Run(() => ReadSliceAsync(dataSource, serializer, types, names, tenants, after, upTo, reading, stop.Token), stop.Token));
                    next = upTo;
                }
                yield return await slices.Dequeue();
            }
        }
        finally
        {
            await stop.CancelAsync();
            foreach (var slice in slices)
                try { await slice; } catch { /* stopped: the rebuild failed or was cancelled, and says so itself */ }
        }
    }

    /// <summary>The money-moving events after <paramref name="after"/> through <paramref name="through"/> (tombstones and other events aside), deserialised.</summary>
    private static async Task<List<MoneyEventRow>> ReadSliceAsync(NpgsqlDataSource dataSource, ISerializer serializer, Dictionary<string, Type> types,
        string[] names, string[]? tenants, long after, long through, long[] reading, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var rows = new List<MoneyEventRow>();
        await using var command = dataSource.CreateCommand(
            $"select tenant_id, id, stream_id, version, seq_id, timestamp, type, data from {Events} where seq_id > $1 and seq_id <= $2 and type = any($3)" +
            (tenants is null ? "" : " and tenant_id = any($4)") + " order by seq_id");
        command.Parameters.Add(new NpgsqlParameter { Value = after });
        command.Parameters.Add(new NpgsqlParameter { Value = through });
        command.Parameters.Add(new NpgsqlParameter { Value = names });
        if (tenants is not null) command.Parameters.Add(new NpgsqlParameter { Value = tenants });
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            rows.Add(new MoneyEventRow(reader.GetString(0), reader.GetGuid(1), reader.GetGuid(2), reader.GetInt64(3), reader.GetInt64(4),
                reader.GetFieldValue<DateTimeOffset>(5), serializer.FromJson(types[reader.GetString(6)], reader, 7)));
        Interlocked.Add(ref reading[0], clock.Elapsed.Ticks);
        return rows;
    }

    /// <summary>What an invoice's postings need from its subscription or procurement (<see cref="PostingProjection.ContextOf"/>), read once each.</summary>
    private sealed class InvoiceContexts(DocumentStore store) : IAsyncDisposable
    {
        private readonly Dictionary<string, IQuerySession> _sessions = [];
        private readonly Dictionary<(string, Guid), PostingContext?> _read = [];

        public async Task<PostingContext?> OfAsync(string tenantId, object data, CancellationToken ct)
        {
            var key = (tenantId, data switch { SubscriptionInvoiced s => s.SubscriptionId, ProcurementInvoiced p => p.ProcurementId, _ => Guid.Empty });
            if (_read.TryGetValue(key, out var known)) return known;
            if (!_sessions.TryGetValue(tenantId, out var session)) _sessions[tenantId] = session = store.QuerySession(tenantId);
            return _read[key] = await PostingProjection.ContextOf(data, session, ct);
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var session in _sessions.Values) await session.DisposeAsync();
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct, object? parameter = null)
    {
        // No timeout: the lock waits for writers under way, and a delete of a large database's postings takes its time.
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        if (parameter is not null) command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(ct);
    }
}
