using JasperFx.Events;
using Marten;
using Marten.Events;
using Marten.Internal.Storage;
using NodaTime;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure.Marten;

namespace SharingLedger.Loans.Import;

/// <summary>How far an import is: lines read and decided, then the events and loans written.</summary>
public sealed record LoanImportProgress(string Phase, long Done, long Total);

/// <summary>What an import did: lines read, loans and events recorded (none when any line was refused), and the refused lines.</summary>
public sealed record LoanImportResult(int Lines, int Loans, int Events, IReadOnlyList<LoanImportReject> Rejects)
{
    public bool Recorded => Rejects.Count == 0 && Loans > 0;
}

/// <summary>
/// Imports a file of loan history into a consortium: every line is read and decided first, in memory, by the same decisions
/// as the HTTP routes (<see cref="LoanHistoryReplay"/>); only when no line is refused are the loans written, their events
/// through Marten's streaming bulk import (<see cref="DocumentStore.BulkInsertEventStreamAsync(string, IReadOnlyList{BulkEventStreamHeader}, IAsyncEnumerable{IEvent}, int, CancellationToken)"/>,
/// COPY in one transaction) and, at the same time on another connection, their inline snapshots and <see cref="ChargedLoan"/>s
/// (which the bulk append bypasses) with Marten's bulk loader at their projections' revisions (<see cref="LoanDocumentsCopy"/>), committed after the events (<see cref="WriteSnapshotsAsync"/>).
/// A file with any refused line records nothing. A crash between the two commits leaves loans without their snapshots;
/// the next import (or <see cref="RepairSnapshotsAsync"/>) rebuilds them from their events before it reads anything.
/// </summary>
public static class LoanHistoryImport
{
    public const int BatchSize = 5_000;

    /// <summary>The tables an import grows: the events and streams, the loans' snapshots and charges, and the rows their triggers derive.</summary>
    public static readonly string[] StatisticsRefreshed =
        ["mt_events", "mt_streams", "mt_doc_loan", "mt_doc_chargedloan", LoanFactsTable.Table, MonthCharge.Table, BorrowerRequests.Table];

    public static async Task<LoanImportResult> RunAsync(IDocumentStore store, ISettledMonths settled, Guid consortiumId, TextReader file, IClock clock, string? userName,
        Action<LoanImportProgress>? progress, CancellationToken ct, long? totalLines = null)
    {
        var tenant = ConsortiumTenancy.TenantOf(consortiumId);
        await RepairSnapshotsAsync(store, consortiumId, ct);
        LoanHistoryReplay replay;
        string baseCurrency;
        await using (var query = store.QuerySession(tenant))
        {
            var consortium = await query.LoadAsync<Consortium>(consortiumId, ct) ?? throw new ArgumentException($"No consortium {consortiumId}.");
            baseCurrency = consortium.BaseCurrency;
            var calendar = consortium.Calendar();
            var facts = new LoanHistoryFacts(consortiumId, consortium.BaseCurrency, calendar, calendar.Today(clock),
                await LoanAccess.MembersAsync(query, consortiumId, ct), await LoanAccess.AgreementAsync(query, consortiumId, ct),
                await settled.OfAsync(query, consortiumId, ct), await LoanAccess.LoansAsync(query, consortiumId, null, ct));
            replay = new LoanHistoryReplay(facts, clock.GetCurrentInstant()).Start();
        }

        long read = 0;
        foreach (var (line, reject) in ReadAhead.Of(LoanImportParser.Read(file, baseCurrency))) // parsed on one core while decided on the other
        {
            if (reject is not null) replay.Reject(reject);
            else replay.Apply(line!);
            if (++read % 10_000 == 0) progress?.Invoke(new LoanImportProgress("decided", read, totalLines ?? read));
        }
        progress?.Invoke(new LoanImportProgress("decided", read, read));
        var outcome = replay.Outcome;
        if (outcome.Rejects.Count > 0 || outcome.Loans.Count == 0)
            return new LoanImportResult(outcome.Lines, 0, 0, outcome.Rejects);

        progress?.Invoke(new LoanImportProgress("events written", 0, outcome.Events));
        // A rebuild of the loans must not run between the two commits below (it would write these loans' snapshots under the import's).
        var database = (await ((DocumentStore)store).Tenancy.GetTenantAsync(tenant)).Database;
        await using var writing = await LoanDocumentsCopy.ImportWritingAsync(database, tenant, ct);
        var eventsWritten = AppendAsync((DocumentStore)store, tenant, outcome.Loans, userName, ct);
        var loansWritten = WriteSnapshotsAsync((DocumentStore)store, tenant, outcome.Loans, eventsWritten, ct);
        try
        {
            await eventsWritten;
        }
        catch
        {
            try { await loansWritten; } // rolled back; the append's failure is the one to report
            catch (Exception) { /* reported by the append's */ }
            throw;
        }
        progress?.Invoke(new LoanImportProgress("events written", outcome.Events, outcome.Events));
        await loansWritten;
        progress?.Invoke(new LoanImportProgress("loans written", outcome.Loans.Count, outcome.Loans.Count));
        // The planner told the tables' new sizes at once: the daemon's reads of the new events (the hash chain's) and the loans' queries.
        await TableStatistics.RefreshAsync(database, StatisticsRefreshed, ct);
        return new LoanImportResult(outcome.Lines, outcome.Loans.Count, outcome.Events, []);
    }

    /// <summary>
    /// The events through Marten's streaming bulk import (<see cref="DocumentStore.BulkInsertEventStreamAsync(string, IReadOnlyList{BulkEventStreamHeader}, IAsyncEnumerable{IEvent}, int, CancellationToken)"/>):
    /// the loans' stream rows first, then every event, all in one transaction. The event envelopes are built one at a time as
    /// the COPY asks for them, so building them overlaps the server's work and a year of events is never held twice.
    /// </summary>
    private static async Task AppendAsync(DocumentStore store, string tenant, IReadOnlyList<ImportedLoan> loans, string? userName, CancellationToken ct)
    {
        var headers = loans.Select(l => new BulkEventStreamHeader { Id = l.Loan.Id, Version = l.Events.Count, AggregateType = typeof(Loan) }).ToList();
        // Where the schema is created on demand (development and tests; production applies it with db-apply), the event tables
        // are brought up to date first, as Marten's list overload does for itself; that pass can collide with another session
        // creating a table at the same moment, and then runs once more.
        var database = (await store.Tenancy.GetTenantAsync(tenant)).Database;
        try { await database.EnsureStorageExistsAsync(typeof(IEvent), ct); }
        catch (Marten.Exceptions.MartenSchemaException) { await database.EnsureStorageExistsAsync(typeof(IEvent), ct); }
        await store.BulkInsertEventStreamAsync(tenant, headers, Envelopes(store, tenant, loans, userName).ToAsyncEnumerable(), BatchSize, ct);
    }

    private static IEnumerable<IEvent> Envelopes(DocumentStore store, string tenant, IReadOnlyList<ImportedLoan> loans, string? userName)
    {
        foreach (var loan in loans)
        {
            long version = 0;
            foreach (var data in loan.Events)
            {
                var e = store.Events.BuildEvent(data);
                e.StreamId = loan.Loan.Id;
                e.Version = ++version;
                Stamp(store, e, tenant, userName);
                yield return e;
            }
        }
    }

    /// <summary>The id, tenant, user, timestamp and type names the normal append would give an imported event.</summary>
    private static void Stamp(DocumentStore store, IEvent e, string tenant, string? userName)
    {
        e.Id = Guid.CreateVersion7();
        e.TenantId = tenant;
        e.UserName = userName;
        e.Timestamp = (e.Data switch { ILoanStep x => x.RecordedAt, LendingCharged c => c.RecordedAt, LoanCancellationRequested r => r.RecordedAt,
            LoanCancellationDeclined d => d.RecordedAt, _ => SystemClock.Instance.GetCurrentInstant() }).ToDateTimeOffset();
        var mapping = store.Events.EventMappingFor(e.EventType);
        e.EventTypeName = mapping.EventTypeName;
        e.DotNetTypeName = mapping.DotNetTypeName;
    }

    /// <summary>
    /// The loans' snapshots and their <see cref="ChargedLoan"/>s, by the same COPY as Marten's bulk document insert (its bulk loaders, <see cref="LoanDocumentsCopy"/>) but on a
    /// connection and transaction of their own, while the bulk append writes the events on another (different tables, so
    /// neither waits for the other), and committed only once the events are: when the append fails the snapshots roll back,
    /// and a stop between the two commits leaves only events without snapshots, which <see cref="RepairSnapshotsAsync"/> rebuilds.
    /// </summary>
    private static async Task WriteSnapshotsAsync(DocumentStore store, string tenantId, IReadOnlyList<ImportedLoan> loans, Task eventsWritten, CancellationToken ct)
    {
        var tenant = await store.Tenancy.GetTenantAsync(tenantId);
        var serializer = store.Options.Serializer();
        await using var connection = tenant.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await LoanDocumentsCopy.CompressWithLz4Async(connection, ct);
        // Each loan's snapshot and its charges for the clearing (what the inline ChargedLoanProjection writes), in the same transaction.
        await LoanDocumentsCopy.WriteAsync(tenant, serializer, connection, loans.Select(l => l.Loan).ToList(),
            loans.Select(l => LoanDocumentsCopy.ChargedRevision(l.Events)).ToArray(), ct);
        // The consortium's stored answers (obligations, statements) are out of date once the loans are in: a bulk import runs no projection.
        await Infrastructure.Answers.AnswerInvalidation.ConsortiumChangedAsync(tenant.Database, connection, tenantId, ct);
        await eventsWritten; // rethrows the append's failure: the snapshots roll back as the transaction is disposed
        await transaction.CommitAsync(ct);
    }

    /// <summary>The imported loans as bulk-append actions, stamped as the import stamps its events (the benchmark's yardsticks copy these rows).</summary>
    public static List<StreamAction> Streams(DocumentStore store, string tenant, IReadOnlyList<ImportedLoan> loans, string? userName)
    {
        var streams = new List<StreamAction>(loans.Count);
        foreach (var loan in loans)
        {
            var action = StreamAction.Start(store.Events, loan.Loan.Id, [.. loan.Events]);
            action.AggregateType = typeof(Loan);
            action.TenantId = tenant;
            foreach (var e in action.Events) Stamp(store, e, tenant, userName);
            streams.Add(action);
        }
        return streams;
    }

    /// <summary>Loans whose events are stored but whose snapshot is not (an import stopped between its two writes): rebuilt from their events, with their <see cref="ChargedLoan"/>.</summary>
    public static async Task<int> RepairSnapshotsAsync(IDocumentStore store, Guid consortiumId, CancellationToken ct)
    {
        var tenant = ConsortiumTenancy.TenantOf(consortiumId);
        await using var session = store.LightweightSession(tenant);
        var schema = MartenSetup.Schema;
        // Raw SQL does not create the table as Marten's own queries do. Also what lets the snapshots' COPY run beside the bulk
        // append: the append brings the whole schema up to date as it starts, and finds nothing to change on this table.
        await session.Database.EnsureStorageExistsAsync(typeof(Loan), ct);
        await session.Database.EnsureStorageExistsAsync(typeof(ChargedLoan), ct);
        var missing = await session.AdvancedSql.QueryAsync<Guid>(
            $"select s.id from {schema}.mt_streams s where s.tenant_id = ? and s.type = ? and not exists " +
            $"(select 1 from {schema}.mt_doc_loan d where d.id = s.id and d.tenant_id = s.tenant_id)", ct, tenant, "loan");
        foreach (var id in missing)
            if (await session.Events.AggregateStreamAsync<Loan>(id, token: ct) is { } loan)
            {
                session.Store(loan);
                session.Store(ChargedLoan.Of(loan));
            }
        if (missing.Count == 0) return 0;
        await Infrastructure.Answers.AnswerInvalidation.ConsortiumChangedAsync(session, ct); // no projection ran for these loans either
        await session.SaveChangesAsync(ct);
        return missing.Count;
    }

}
