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
/// (docs/performance.md, "The chain behind a bulk import"). <c>SKIP_LOCKED</c>: a table that autovacuum (or another import's refresh)
/// holds is left to it, so an import never waits for a vacuum to finish.
/// </remarks>
public static class TableStatistics
{
    public static async Task RefreshAsync(IMartenDatabase database, IEnumerable<string> tables, CancellationToken ct)
    {
        await using var command = ConsortiumTenancy.DataSourceOf(database).CreateCommand(
            $"analyze (skip_locked) {string.Join(", ", tables.Select(t => t.Contains('.') ? t : $"{MartenSetup.Schema}.{t}"))}");
        command.CommandTimeout = 0; // seconds on the largest tables: the statistics sample a fixed number of rows
        await command.ExecuteNonQueryAsync(ct);
    }
}
