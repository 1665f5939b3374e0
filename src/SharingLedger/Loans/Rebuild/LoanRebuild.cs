using System.Diagnostics;
using JasperFx.Events;
using Marten;
using Marten.Storage;
using Npgsql;
using SharingLedger.Infrastructure.Marten;
using SharingLedger.Loans.Import;

namespace SharingLedger.Loans.Rebuild;

/// <summary>What a rebuild of one database's loans did: events folded, loans made, stored documents changed, consortia, and where its time went.</summary>
/// <remarks>
/// <see cref="Reading"/> is the slices' reads and deserialisation added up over the connections that ran them side by side.
/// <see cref="Added"/>, <see cref="Corrected"/> and <see cref="Removed"/> count the stored documents (snapshots and charged loans) the rebuild
/// changed: missing, differing from what the events make, made by no event. <see cref="Refilling"/> is the part of <see cref="Writing"/>
/// spent making the three tables derived from the documents again.
/// </remarks>
public sealed record LoanRebuildResult(long Events, long Loans, long Added, long Corrected, long Removed, int Consortia, long Through,
    TimeSpan Reading, TimeSpan Folding, TimeSpan Writing, TimeSpan Refilling, TimeSpan Total);

/// <summary>
/// Rebuilds one database's <see cref="Loan"/> snapshots and their <see cref="ChargedLoan"/>s (both inline projections of the loan
/// streams) from the stored events, outside Marten's daemon, as <see cref="Audit.ChainRebuild"/> does for the chain: the loan events
/// read in slices of the sequence side by side (each slice deserialised as it is read), folded in sequence order by the loan's own
/// <c>Create</c>/<c>Apply</c> (<see cref="LoanEventFolder"/>), and the documents loaded by Marten's bulk loaders (binary COPY) into
/// their temporary tables, from which only the stored documents that differ are written (<see cref="StoredRowsDiff"/>), in one
/// transaction that first takes both tables in <c>EXCLUSIVE</c> mode. Readers go on reading the old rows until the commit;
/// a loan write waits for it and then stores its own snapshot over the rebuilt one (it folds its event on top of the stream
/// it read, so that is the later state). It refuses to run while a loan-history import is writing (which writes its snapshots on
/// another connection than its events, committed after them), and an import waits for it (docs/decisions.md, "Rebuilding the loans
/// outside the daemon").
/// </summary>
public static class LoanRebuild
{
    private static readonly string Events = $"{MartenSetup.Schema}.mt_events";

    /// <summary>
    /// Rebuilds the loans of <paramref name="tenants"/> (consortia's tenant ids) in <paramref name="database"/>, or of every consortium
    /// there when null.
    /// </summary>
    public static async Task<LoanRebuildResult> RebuildAsync(DocumentStore store, IMartenDatabase database, IReadOnlyCollection<string>? tenants, CancellationToken ct)
    {
        var total = Stopwatch.StartNew();
        await database.EnsureStorageExistsAsync(typeof(IEvent), ct);
        await database.EnsureStorageExistsAsync(typeof(Loan), ct);
        await database.EnsureStorageExistsAsync(typeof(ChargedLoan), ct);
        await database.EnsureStorageExistsAsync(typeof(BorrowerRequestsFeature), ct);
        await database.EnsureStorageExistsAsync(typeof(MonthChargesFeature), ct);
        await database.EnsureStorageExistsAsync(typeof(LoanFactsFeature), ct);
        var loanTable = $"{MartenSetup.Schema}.mt_doc_loan";
        var chargedTable = $"{MartenSetup.Schema}.mt_doc_chargedloan";
        var types = LoanEventFolder.Types.ToDictionary(t => store.Events.EventMappingFor(t).EventTypeName);

        var dataSource = ConsortiumTenancy.DataSourceOf(database);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var only = tenants?.ToArray();
        if (!await LoanDocumentsCopy.TryRebuildingAloneAsync(connection, only, ct))
            throw new InvalidOperationException("A loan-history import is writing loans of a consortium being rebuilt; run rebuild-loans again once it has " +
                "finished (its loans are then rebuilt with the rest).");
        // Every loan write that began before now has committed once the lock is held (its snapshot upsert holds a row lock the
        // EXCLUSIVE mode waits for); every later one waits for the commit.
        await ExecuteAsync(connection, $"lock table {loanTable}, {chargedTable} in exclusive mode", ct);
        var through = (long)(await ScalarAsync(connection, $"select coalesce(max(seq_id), 0) from {Events}", ct))!;
        var reading = new long[1];
        var folding = new Stopwatch();
        var (loans, events) = await FoldAsync(dataSource, store.Options.Serializer(), types, only, through, reading, folding, ct);

        var writing = Stopwatch.StartNew();
        var serializer = store.Options.Serializer();
        await LoanDocumentsCopy.CompressWithLz4Async(connection, ct);
        await LoanDocumentsCopy.CreateTempTablesAsync(database, connection, ct);
        var byTenant = loans.GroupBy(l => l.Key.Tenant).ToList();
        foreach (var tenantLoans in byTenant)
        {
            var folded = tenantLoans.Select(l => l.Value).ToList();
            await LoanDocumentsCopy.LoadAsync(await store.Tenancy.GetTenantAsync(tenantLoans.Key), serializer, connection,
                folded.Select(f => f.Loan).ToList(), folded.Select(f => f.ChargedVersion).ToArray(), ct);
        }
        // Only the documents that differ from what the events make are written, with the tables' triggers off: every trigger on them
        // keeps one of the three tables derived from them, and each of those is refilled for these consortia afterwards, which also
        // repairs a derived row a hand changed (the triggers keep deltas; a row added for no loan is no trigger's to take away). A new
        // table derived from the loans needs its refill here too (docs/reliability.md, "Rebuilding the loans").
        long added = 0, corrected = 0, removed = 0;
        foreach (var (table, temp) in LoanDocumentsCopy.Tables)
        {
            await ExecuteAsync(connection, $"alter table {MartenSetup.Schema}.{table} disable trigger user", ct);
            var changed = await StoredRowsDiff.ApplyAsync(connection, table, temp, only, [], ct);
            await ExecuteAsync(connection, $"alter table {MartenSetup.Schema}.{table} enable trigger user", ct);
            (added, corrected, removed) = (added + changed.Added, corrected + changed.Corrected, removed + changed.Removed);
            await ExecuteAsync(connection, $"drop table {temp}", ct);
        }
        // The counts by borrower and month are few (one row a borrower and month) and counted again whole; the month's charges and the
        // loans' facts (a row or two a loan) are written where they differ from what the documents give.
        var refilling = Stopwatch.StartNew();
        await ExecuteAsync(connection, $"select {MartenSetup.Schema}.borrower_requests_refill($1)", ct, only, always: true);
        foreach (var derived in new DerivedRowsSchema[] { new MonthChargesSchema(), new LoanFactsSchema() })
            await derived.RefillChangedAsync(connection, only, ct);
        refilling.Stop();
        await transaction.CommitAsync(ct);
        // The consortia's stored answers (obligations, statements) were made from the loans as they were: marked out of date once the
        // new loans are committed, as the postings' rebuild does (a write that stamps its consortium's answers and then writes a loan
        // would otherwise wait for the loans while the rebuild waits for its stamp).
        await Infrastructure.Answers.AnswerInvalidation.ConsortiaChangedAfterCommitAsync(database, connection, only ?? byTenant.Select(t => t.Key).ToArray(), ct);
        writing.Stop();
        return new LoanRebuildResult(events, loans.Count, added, corrected, removed, byTenant.Count, through, TimeSpan.FromTicks(reading[0]), folding.Elapsed,
            writing.Elapsed, refilling.Elapsed, total.Elapsed);
    }

    /// <summary>
    /// The loans of every consortium of the database, folded from their events through <paramref name="through"/>: slices read side by
    /// side on their own connections, folded in sequence order (a loan's events are in stream-version order in the sequence).
    /// </summary>
    private static async Task<(Dictionary<(string Tenant, Guid Id), Folded> Loans, long Events)> FoldAsync(NpgsqlDataSource dataSource, ISerializer serializer,
        Dictionary<string, Type> types, string[]? tenants, long through, long[] reading, Stopwatch folding, CancellationToken ct)
    {
        var loans = new Dictionary<(string, Guid), Folded>();
        long events = 0;
        await foreach (var slice in EventSlices.ReadAsync(dataSource, "tenant_id, stream_id, version, type, data", types.Keys.ToArray(), tenants, through,
                           r => new LoanEventRow(r.GetString(0), r.GetGuid(1), r.GetInt64(2), serializer.FromJson(types[r.GetString(3)], r, 4)), reading, ct))
        {
            folding.Start();
            foreach (var e in slice) Fold(loans, e);
            events += slice.Count;
            folding.Stop();
        }
        return (loans, events);
    }

    /// <summary>A loan as folded so far, and the stream version its <see cref="ChargedLoan"/> was last changed at (Marten's revision of that document).</summary>
    private sealed class Folded(Loan loan)
    {
        public Loan Loan { get; } = loan;
        public int ChargedVersion { get; set; } = 1;
    }

    private static void Fold(Dictionary<(string, Guid), Folded> loans, LoanEventRow e)
    {
        if (e.Data is LoanRequested requested)
        {
            if (e.Version != 1) throw new InvalidOperationException($"Loan {e.StreamId} of {e.TenantId}: its request is stored as version {e.Version}, not 1.");
            var loan = Loan.Create(requested);
            loan.Version = 1;
            loans[(e.TenantId, e.StreamId)] = new Folded(loan);
            return;
        }
        if (!loans.TryGetValue((e.TenantId, e.StreamId), out var folded))
            throw new InvalidOperationException($"Loan {e.StreamId} of {e.TenantId}: a {e.Data.GetType().Name} at version {e.Version} with no request before it.");
        if (e.Version != folded.Loan.Version + 1)
            throw new InvalidOperationException($"Loan {e.StreamId} of {e.TenantId}: version {e.Version} follows version {folded.Loan.Version} in the sequence.");
        LoanEventFolder.Apply(folded.Loan, e.Data);
        folded.Loan.Version = (int)e.Version;
        if (ChargedLoanProjection.EventTypes.Contains(e.Data.GetType())) folded.ChargedVersion = (int)e.Version;
    }

    private sealed record LoanEventRow(string TenantId, Guid StreamId, long Version, object Data);

    /// <remarks><paramref name="always"/>: the tenants are a parameter even when null (every tenant).</remarks>
    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct, string[]? tenants = null, bool always = false)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        if (tenants is not null || always)
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)tenants ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Varchar });
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(ct);
    }
}
