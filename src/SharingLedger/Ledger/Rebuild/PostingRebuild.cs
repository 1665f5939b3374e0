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

/// <summary>
/// What a rebuild of one database's postings did: money-moving events read, postings they make, the stored postings it changed (missing
/// ones added, differing ones corrected, ones no event makes removed), consortia, and where its time went.
/// </summary>
/// <remarks>
/// <see cref="Reading"/> is the slices' reads and deserialisation added up over the connections that ran them side by side;
/// <see cref="Loading"/> the postings' COPY into the temporary table; <see cref="Applying"/> the comparison with the stored postings and
/// the rows written; <see cref="Recounting"/> the totals counted again and the answers marked out of date.
/// </remarks>
public sealed record PostingRebuildResult(long Events, long Postings, long Added, long Corrected, long Removed, int Consortia, long Through,
    TimeSpan Reading, TimeSpan Computing, TimeSpan Loading, TimeSpan Applying, TimeSpan Recounting, TimeSpan Total);

/// <summary>
/// Rebuilds one database's <see cref="Posting"/>s (an inline projection, <see cref="PostingProjection"/>) and their running totals from
/// the stored events, outside Marten's daemon, as <see cref="Loans.Rebuild.LoanRebuild"/> does for the loans: the money-moving events
/// read in slices of the sequence side by side, each event's postings made by the projection's own rules
/// (<see cref="PostingRules.For"/>, the invoice's context, the fiscal periods closed just before the event) and loaded with Marten's bulk
/// loader into its temporary table; then only the stored postings that differ from those are written, and the totals counted again.
/// </summary>
/// <remarks>
/// One transaction per database. It takes the postings in <c>EXCLUSIVE</c> mode (readers go on reading the old postings and totals
/// until the commit; a write with postings waits for it), then the month-end snapshots' months (a snapshot asked for meanwhile waits
/// for the commit to record itself, and is taken from the new postings). The changed rows are written with the totals'
/// triggers disabled in the transaction, and <c>posting_totals_recount</c> counts the consortia's totals again from their postings
/// (docs/decisions.md, "Rebuilding the postings outside the daemon").
/// </remarks>
public static class PostingRebuild
{
    private static readonly string Events = $"{MartenSetup.Schema}.mt_events";

    private static readonly string[] DerivedTables = [PostingTotals.MemberTable, PostingTotals.ItemTable, PostingSnapshots.MonthTable];

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
        // The comparison joins and the recount's sorts hold a database's postings in memory instead of spilling them to disk in batches
        // (the default is 4 MB); for this transaction only, on the one connection an operator's command holds.
        await ExecuteAsync(connection, "set local work_mem = '256MB'", ct);
        // Every write with postings that began before now has committed once the lock is held; every later one waits for the commit.
        await ExecuteAsync(connection, $"lock table {PostingColumns.Table} in exclusive mode", ct);
        var through = (long)(await ScalarAsync(connection, $"select coalesce(max(seq_id), 0) from {Events}", ct))!;
        var consortia = only is null ? await ConsortiaAsync(connection, ct) : only.Select(ConsortiumOf).Distinct().ToArray();
        // No month-end snapshot is taken from the old postings and kept after the recount: one asked for meanwhile waits to record
        // itself until the commit, and is then taken from the new postings (one table lock, not one per consortium: a database may
        // hold more consortia than a transaction can hold locks).
        await ExecuteAsync(connection, $"lock table {PostingSnapshots.MonthTable} in exclusive mode", ct);

        // The postings the events make, into Marten's bulk loader's temporary table (the table's columns, no index), slice by slice.
        var loader = ((MartenDocumentProvider<Posting>)database.Providers.StorageFor<Posting>()).BulkLoader
            ?? throw new InvalidOperationException("Marten has no bulk loader for postings.");
        await ExecuteAsync(connection, loader.CreateTempTableForCopying(), ct);
        var periods = await PeriodActsAsync(connection, serializer, periodTypes, only, through, ct);
        var contexts = new InvoiceContexts(store);
        var reading = new long[1];
        var (computing, loading) = (new Stopwatch(), new Stopwatch());
        long events = 0, postings = 0;
        await foreach (var slice in EventSlices.ReadAsync(dataSource, "tenant_id, id, stream_id, version, seq_id, timestamp, type, data", types.Keys.ToArray(),
                           only, through, r => new MoneyEventRow(r.GetString(0), r.GetGuid(1), r.GetGuid(2), r.GetInt64(3), r.GetInt64(4),
                               r.GetFieldValue<DateTimeOffset>(5), serializer.FromJson(types[r.GetString(6)], r, 7)), reading, ct))
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
            loading.Start();
            foreach (var (tenantId, made) in byTenant)
            {
                await loader.LoadIntoTempTableAsync(await store.Tenancy.GetTenantAsync(tenantId), serializer, connection, made, ct);
                postings += made.Count;
            }
            loading.Stop();
        }

        var applying = Stopwatch.StartNew();
        var changed = await ApplyAsync(connection, only, ct);
        applying.Stop();
        var recounting = Stopwatch.StartNew();
        await ExecuteAsync(connection, $"select {PostingTotals.Schema}.posting_totals_recount($1)", ct, only is null ? DBNull.Value : consortia);
        await transaction.CommitAsync(ct);
        // The consortia's stored answers (obligations, statements, balances) were made from the postings as they were: marked out of
        // date once the new postings are committed (a write takes its answers' stamps before its postings; stamping them while holding
        // the postings deadlocked with payments).
        await AnswerInvalidation.ConsortiaChangedAfterCommitAsync(database, connection, consortia.Select(ConsortiumTenancy.TenantOf), ct);
        recounting.Stop();
        return new PostingRebuildResult(events, postings, changed.Added, changed.Corrected, changed.Removed, consortia.Length, through,
            TimeSpan.FromTicks(reading[0]), computing.Elapsed, loading.Elapsed, applying.Elapsed, recounting.Elapsed, total.Elapsed);
    }

    /// <summary>
    /// The stored postings made what the events make (in the temporary table): those no event makes deleted, those that differ in any
    /// column (Marten's version and time aside) rewritten, the missing ones added; only those rows are written, with the totals'
    /// triggers off. The caller then counts the consortia's totals again from their postings (and drops their month-end snapshots).
    /// </summary>
    private static async Task<(long Added, long Corrected, long Removed)> ApplyAsync(NpgsqlConnection connection, string[]? only, CancellationToken ct)
    {
        var temp = "mt_doc_posting_temp"; // the bulk loader's temporary table
        static string Triggers(string verb) => $"{verb} trigger {PostingTotalsSchema.TriggerName}, {verb} trigger {PostingTotalsSchema.TriggerName}_insert";
        await ExecuteAsync(connection, $"alter table {PostingColumns.Table} {Triggers("disable")}", ct);
        // Marten stamps a posting's version afresh on every write (a new id, not a revision): not what the events make.
        var changed = await StoredRowsDiff.ApplyAsync(connection, "mt_doc_posting", temp, only, ["mt_version"], ct);
        await ExecuteAsync(connection, $"alter table {PostingColumns.Table} {Triggers("enable")}", ct);
        await ExecuteAsync(connection, $"drop table {temp}", ct);
        return changed;
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

    /// <summary>
    /// What an invoice's postings need from its subscription or procurement (<see cref="PostingProjection.ContextOf"/>), read once each, in
    /// a session of the invoice's consortium closed at once: a database of many consortia must not hold a pooled connection for each.
    /// </summary>
    private sealed class InvoiceContexts(DocumentStore store)
    {
        private readonly Dictionary<(string, Guid), PostingContext?> _read = [];

        public async Task<PostingContext?> OfAsync(string tenantId, object data, CancellationToken ct)
        {
            var key = (tenantId, data switch { SubscriptionInvoiced s => s.SubscriptionId, ProcurementInvoiced p => p.ProcurementId, _ => Guid.Empty });
            if (_read.TryGetValue(key, out var known)) return known;
            await using var session = store.QuerySession(tenantId);
            return _read[key] = await PostingProjection.ContextOf(data, session, ct);
        }
    }

    private static async Task<int> ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct, object? parameter = null)
    {
        // No timeout: the lock waits for writers under way, and a delete of a large database's postings takes its time.
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        if (parameter is not null) command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        return await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(ct);
    }
}
