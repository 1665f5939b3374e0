using Marten.Storage;
using Npgsql;

namespace SharingLedger.Infrastructure.Marten;

/// <summary>
/// PostgreSQL's statistics of tables a bulk write has just grown (<c>ANALYZE</c>), as its documentation asks after a bulk load,
/// instead of waiting for autovacuum's next look (a minute or more, and it may be busy elsewhere).
/// </summary>
/// <remarks>
/// Until then the planner believes the tables as small as they were. A year of loans imported into a new consortium made the async
/// daemon's read of the next events (a range of sequences, ordered, <c>limit</c> 5,000) read and sort the whole unprocessed range for each
/// batch: the hash chain fell from about 40,000 events a second to about 1,400 and stayed minutes behind, so readiness answered 503
/// (docs/performance.md, "The chain behind a bulk import"). Each table in a transaction of its own that waits at most
/// <see cref="LockWait"/> for its lock: an autovacuum of the table gives way to it (PostgreSQL cancels an autovacuum that blocks a lock
/// request); one that does not (against wraparound) leaves the table to it, so an import never waits long for a vacuum. A table left
/// so is not an error: the rows are committed, and that vacuum samples the table when it ends. Nor is a table not made yet. (<c>SKIP_LOCKED</c>, tried first,
/// skipped the events table whenever autovacuum had begun vacuuming it after the inserts, which left the statistics stale.)
/// </remarks>
public static class TableStatistics
{
    /// <summary>How long each table's refresh waits for its lock before leaving the table to autovacuum.</summary>
    public static readonly TimeSpan LockWait = TimeSpan.FromSeconds(5);

    /// <summary>Refreshes each of <paramref name="tables"/> (in <see cref="MartenSetup.Schema"/> unless qualified), one transaction each.</summary>
    public static async Task RefreshAsync(IMartenDatabase database, IEnumerable<string> tables, CancellationToken ct)
    {
        await using var connection = await ConsortiumTenancy.DataSourceOf(database).OpenConnectionAsync(ct);
        foreach (var table in tables.Select(t => t.Contains('.') ? t : $"{MartenSetup.Schema}.{t}"))
        {
            await using var transaction = await connection.BeginTransactionAsync(ct);
            try
            {
                // set local: the setting ends with the transaction, so the pooled connection is handed back as it was.
                await using (var wait = new NpgsqlCommand($"set local lock_timeout = {(int)LockWait.TotalMilliseconds}", connection, transaction))
                    await wait.ExecuteNonQueryAsync(ct);
                await using (var analyze = new NpgsqlCommand($"analyze {table}", connection, transaction) { CommandTimeout = 0 })
                    await analyze.ExecuteNonQueryAsync(ct);
                await transaction.CommitAsync(ct);
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.LockNotAvailable or PostgresErrorCodes.UndefinedTable)
            {
                // Left to the vacuum holding it, which samples it when it ends; or not made yet where the schema is created on demand
                // (development and tests; db-apply makes every table): nothing to sample. The transaction rolls back as it is disposed.
            }
        }
    }
}
