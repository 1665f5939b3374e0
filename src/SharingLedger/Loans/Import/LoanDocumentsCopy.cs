using Marten;
using Marten.Internal.Storage;
using Marten.Storage;
using Npgsql;
using SharingLedger.Infrastructure.Marten;

namespace SharingLedger.Loans.Import;

/// <summary>
/// Loans' snapshots and their <see cref="ChargedLoan"/>s written in bulk (an import, a rebuild) exactly as Marten's inline projections
/// store them, revision included: Marten's bulk loader alone gives every document revision 1, where the projections record the
/// stream version they last changed the document at (<c>mt_version</c>).
/// </summary>
public static class LoanDocumentsCopy
{
    /// <summary>
    /// One consortium's loans (each at its stream version, <see cref="Loan.Version"/>) and their charged loans (at
    /// <paramref name="chargedRevisions"/>, in the same order), on the caller's connection and transaction.
    /// </summary>
    public static async Task WriteAsync(Tenant tenant, ISerializer serializer, NpgsqlConnection connection, IReadOnlyList<Loan> loans,
        int[] chargedRevisions, CancellationToken ct)
    {
        await WriteAsync(tenant, serializer, connection, "mt_doc_loan", loans, loans.Select(l => l.Version).ToArray(), ct);
        await WriteAsync(tenant, serializer, connection, "mt_doc_chargedloan", loans.Select(ChargedLoan.Of).ToList(), chargedRevisions, ct);
    }

    /// <summary>The two tables, each with the temporary table its bulk loader fills (<see cref="LoadAsync"/>).</summary>
    public static readonly (string Table, string Temp)[] Tables = [("mt_doc_loan", "mt_doc_loan_temp"), ("mt_doc_chargedloan", "mt_doc_chargedloan_temp")];

    /// <summary>The bulk loaders' temporary tables of both (the tables' columns, no index), on the caller's connection, for <see cref="LoadAsync"/>.</summary>
    public static async Task CreateTempTablesAsync(IMartenDatabase database, NpgsqlConnection connection, CancellationToken ct)
    {
        await ExecuteAsync(connection, LoaderOf<Loan>(database).CreateTempTableForCopying(), ct);
        await ExecuteAsync(connection, LoaderOf<ChargedLoan>(database).CreateTempTableForCopying(), ct);
    }

    /// <summary>
    /// One consortium's loans and charged loans into the temporary tables (<see cref="CreateTempTablesAsync"/>) as the inline projections
    /// store them, revisions included: what a rebuild then compares with the stored documents (<c>StoredRowsDiff</c>).
    /// </summary>
    public static async Task LoadAsync(Tenant tenant, ISerializer serializer, NpgsqlConnection connection, IReadOnlyList<Loan> loans, int[] chargedRevisions, CancellationToken ct)
    {
        await LoadAsync(tenant, serializer, connection, Tables[0].Temp, loans, loans.Select(l => l.Version).ToArray(), ct);
        await LoadAsync(tenant, serializer, connection, Tables[1].Temp, loans.Select(ChargedLoan.Of).ToList(), chargedRevisions, ct);
    }

    private static async Task LoadAsync<T>(Tenant tenant, ISerializer serializer, NpgsqlConnection connection, string temp, IReadOnlyList<T> documents,
        int[] revisions, CancellationToken ct) where T : notnull
    {
        var loader = LoaderOf<T>(tenant.Database);
        foreach (var batch in documents.Chunk(LoanHistoryImport.BatchSize)) await loader.LoadIntoTempTableAsync(tenant, serializer, connection, batch, ct);
        await using var revise = new NpgsqlCommand(
            $"update {temp} t set mt_version = r.revision from unnest($1::uuid[], $2::int[]) as r(id, revision) where t.id = r.id and t.tenant_id = $3", connection);
        revise.Parameters.Add(new NpgsqlParameter { Value = documents.Select(IdOf).ToArray() });
        revise.Parameters.Add(new NpgsqlParameter { Value = revisions });
        revise.Parameters.Add(new NpgsqlParameter { Value = tenant.TenantId });
        await revise.ExecuteNonQueryAsync(ct);
    }

    private static global::Marten.Schema.BulkLoading.IBulkLoader<T> LoaderOf<T>(IMartenDatabase database) where T : notnull =>
        ((MartenDocumentProvider<T>)database.Providers.StorageFor<T>()).BulkLoader
        ?? throw new InvalidOperationException($"Marten has no bulk loader for {typeof(T).Name}.");

    /// <summary>The stream version at which a loan's events last changed its <see cref="ChargedLoan"/> (events in stream order from version 1).</summary>
    public static int ChargedRevision(IReadOnlyList<object> events)
    {
        for (var i = events.Count - 1; i >= 0; i--)
            if (ChargedLoanProjection.EventTypes.Contains(events[i].GetType())) return i + 1;
        return 1;
    }

    /// <summary>
    /// One consortium's documents written as Marten's inline projections store them, revision included: Marten's bulk loader (binary
    /// COPY) into its temporary table, which gives every document revision 1, then one insert into the table with each document's
    /// revision (the stream version its projection last changed it at), as the inline projection's upsert records it.
    /// </summary>
    private static async Task WriteAsync<T>(Tenant tenant, ISerializer serializer, NpgsqlConnection connection, string table, IReadOnlyList<T> documents,
        int[] revisions, CancellationToken ct) where T : notnull
    {
        var loader = LoaderOf<T>(tenant.Database);
        var temp = $"{table}_temp"; // the bulk loader's temporary table: the table's columns (and the expected revision)
        await ExecuteAsync(connection, loader.CreateTempTableForCopying(), ct);
        foreach (var batch in documents.Chunk(LoanHistoryImport.BatchSize)) await loader.LoadIntoTempTableAsync(tenant, serializer, connection, batch, ct);
        var columns = await StoredRowsDiff.ColumnsAsync(connection, table, ct);
        var select = string.Join(", ", columns.Select(c => c == "mt_version" ? "r.revision" : $"t.\"{c}\""));
        await using (var insert = new NpgsqlCommand(
            $"insert into {MartenSetup.Schema}.{table} ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) " +
            $"select {select} from {temp} t join unnest($1::uuid[], $2::int[]) as r(id, revision) on r.id = t.id", connection))
        {
            insert.Parameters.Add(new NpgsqlParameter { Value = documents.Select(IdOf).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter { Value = revisions });
            var written = await insert.ExecuteNonQueryAsync(ct);
            if (written != documents.Count) throw new InvalidOperationException($"{written} of {documents.Count} {typeof(T).Name} documents written.");
        }
        await ExecuteAsync(connection, $"drop table {temp}", ct);
    }

    private static Guid IdOf<T>(T document) => document switch
    {
        Loan l => l.Id,
        ChargedLoan c => c.Id,
        _ => throw new InvalidOperationException($"No id for {typeof(T).Name}."),
    };

    /// <summary>
    /// The advisory locks (two-int keys, beside <c>WriteLocks</c>' spaces) of the loans' bulk writers: key 0 for the database, and one
    /// per consortium (<c>hashtext</c> of its tenant id). An import holds both shared while it writes; a rebuild takes alone the
    /// database's (every consortium) or its consortia's.
    /// </summary>
    private const int WritersLockClass = 186_264;

    /// <summary>
    /// Held by a loan-history import of <paramref name="tenantId"/> while it writes its events and snapshots (on connections of their
    /// own, the snapshots committed after the events): a connection and transaction on <paramref name="database"/> holding the writers'
    /// locks shared until disposed. Imports run side by side; one waits for a rebuild of its consortium's loans that is running
    /// (<see cref="TryRebuildingAloneAsync"/>).
    /// </summary>
    public static async Task<IAsyncDisposable> ImportWritingAsync(IMartenDatabase database, string tenantId, CancellationToken ct)
    {
        var connection = database.CreateConnection();
        await connection.OpenAsync(ct);
        var transaction = await connection.BeginTransactionAsync(ct);
        await using (var command = new NpgsqlCommand(
            $"select pg_advisory_xact_lock_shared({WritersLockClass}, 0), pg_advisory_xact_lock_shared({WritersLockClass}, hashtext($1))", connection))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = tenantId });
            await command.ExecuteNonQueryAsync(ct);
        }
        return new Held(connection, transaction);
    }

    /// <summary>
    /// In a rebuild's transaction on <paramref name="connection"/>, for <paramref name="tenants"/> (null: every consortium of the
    /// database): false when an import into one of them is writing (its events may be committed before its snapshots, which the
    /// rebuild would then write from part of its events); otherwise true, and such imports wait for the rebuild's commit.
    /// </summary>
    public static async Task<bool> TryRebuildingAloneAsync(NpgsqlConnection connection, string[]? tenants, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(tenants is null
            ? $"select pg_try_advisory_xact_lock({WritersLockClass}, 0)"
            : $"select coalesce(bool_and(pg_try_advisory_xact_lock({WritersLockClass}, hashtext(t))), true) from unnest($1::text[]) t", connection);
        if (tenants is not null) command.Parameters.Add(new NpgsqlParameter { Value = tenants });
        return (bool)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>
    /// The values the transaction on <paramref name="connection"/> writes compressed with lz4 where the server has it (PostgreSQL's
    /// default is pglz): most loan snapshots are over the 2 kB at which PostgreSQL compresses them, and an import or a rebuild writes
    /// them by the hundred thousand, into the temporary tables as well. lz4 compresses them in about 60 % of the time and reads them
    /// back faster; PostgreSQL reads either, value by value (docs/decisions.md, "Bulk writes of loan snapshots compressed with lz4").
    /// </summary>
    public static async Task CompressWithLz4Async(NpgsqlConnection connection, CancellationToken ct) =>
        await ExecuteAsync(connection, "do $lz4$ begin if exists (select from pg_settings where name = 'default_toast_compression' " +
            "and 'lz4' = any(enumvals)) then set local default_toast_compression = 'lz4'; end if; end $lz4$", ct);

    private sealed class Held(NpgsqlConnection connection, NpgsqlTransaction transaction) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await transaction.DisposeAsync(); // rolled back: it wrote nothing; the lock goes with it
            await connection.DisposeAsync();
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }
}
