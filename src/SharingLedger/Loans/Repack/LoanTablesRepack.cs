using System.Diagnostics;
using Marten.Storage;
using Npgsql;
using SharingLedger.Infrastructure.Marten;

namespace SharingLedger.Loans.Repack;

/// <summary>One table rewritten: its size (with its indexes and TOAST) before and after, how long it took (its waits for the lock included), and how many tries its lock took.</summary>
public sealed record TableRepacked(string Table, long BytesBefore, long BytesAfter, TimeSpan Took, int Tries);

/// <summary>What a repack of one database's loan tables did.</summary>
public sealed record LoanTablesRepacked(IReadOnlyList<TableRepacked> Tables);

/// <summary>
/// Rewrites a database's loan snapshots (<c>mt_doc_loan</c>) and charged loans (<c>mt_doc_chargedloan</c>) with <c>VACUUM FULL</c>, so
/// that every page is filled to the tables' fill factor (<see cref="LoansSetup.PageFill"/>) and has room for its loans' next versions:
/// what a database written before the fill factor was set gains only as its loans' rows move, and a rewrite gives at once
/// (docs/decisions.md, "Room on a loan's page for its next steps", and "Repacking the loan tables"). The rows are the same after; only
/// their pages change.
/// </summary>
/// <remarks>
/// A rewrite holds its table's strongest lock for its time (about a second per 100,000 loans measured here), so reads and writes of loans
/// wait for it; and while it waits for that lock, everything that comes after it waits too. It therefore waits at most
/// <c>lockWait</c> for the lock (PostgreSQL's <c>lock_timeout</c>), gives way and tries again, up to <c>tries</c> times, then gives up
/// with the table as it was. It refuses a table whose fill factor is not the configured one (<c>db-apply</c> sets it), as a rewrite
/// would then pack the pages as full as before.
/// </remarks>
public static class LoanTablesRepack
{
    /// <summary>The tables rewritten, in order.</summary>
    public static readonly string[] Tables = ["mt_doc_loan", "mt_doc_chargedloan"];

    public static async Task<LoanTablesRepacked> RepackAsync(IMartenDatabase database, TimeSpan lockWait, int tries, CancellationToken ct)
    {
        await using var connection = OwnConnection(ConsortiumTenancy.DataSourceOf(database), lockWait);
        await connection.OpenAsync(ct);
        var wanted = $"fillfactor={LoansSetup.PageFill}";
        // Every table checked before any is rewritten, so a refusal changes nothing.
        foreach (var table in Tables)
        {
            var options = await ScalarAsync(connection, $"select coalesce(reloptions, '{{}}') from pg_class where oid = to_regclass('{Name(table)}')", ct);
            if (options is not string[] set)
                throw new InvalidOperationException($"{Name(table)} does not exist: run db-apply first.");
            if (!set.Contains(wanted))
                throw new InvalidOperationException($"{Name(table)} is not set to fill its pages to {LoansSetup.PageFill} % " +
                    $"({(set.Length == 0 ? "no storage parameters" : string.Join(", ", set))}): run db-apply first, then this command.");
        }
        var done = new List<TableRepacked>();
        foreach (var table in Tables)
        {
            var before = await SizeAsync(connection, table, ct);
            var took = Stopwatch.StartNew();
            var attempt = 0;
            while (true)
            {
                attempt++;
                try
                {
                    await ExecuteAsync(connection, $"vacuum (full, analyze) {Name(table)}", ct);
                    break;
                }
                catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.LockNotAvailable)
                {
                    if (attempt >= tries)
                        throw new InvalidOperationException($"{Name(table)} stayed busy: its lock was not free within {lockWait.TotalSeconds:N0} s " +
                            $"in {tries} tries; it was left as it was{(done.Count > 0 ? $" ({string.Join(", ", done.Select(d => Name(d.Table)))} rewritten)" : "")}. " +
                            "Run the command again at a quieter hour.");
                    // Give way to the writes that queued behind the rewrite's wait before trying again.
                    await Task.Delay(lockWait, ct);
                }
            }
            done.Add(new TableRepacked(table, before, await SizeAsync(connection, table, ct), took.Elapsed, attempt));
        }
        return new LoanTablesRepacked(done);
    }

    /// <summary>
    /// A connection of its own, outside the pool, with PostgreSQL's <c>lock_timeout</c> set for its session: a setting on a pooled
    /// connection would outlive the command on the next request that took it (the pool keeps sessions as they are,
    /// docs/decisions.md "Pooled connections keep their plans"), and <c>VACUUM</c> cannot run in a transaction for a <c>set local</c>.
    /// The clone keeps the data source's password.
    /// </summary>
    private static NpgsqlConnection OwnConnection(NpgsqlDataSource dataSource, TimeSpan lockWait)
    {
        using var template = dataSource.CreateConnection();
        var settings = new NpgsqlConnectionStringBuilder(template.ConnectionString) { Pooling = false };
        settings.Options = $"{settings.Options} -c lock_timeout={(long)lockWait.TotalMilliseconds}".Trim();
        return template.CloneWith(settings.ConnectionString);
    }

    private static string Name(string table) => $"{MartenSetup.Schema}.{table}";

    private static async Task<long> SizeAsync(NpgsqlConnection connection, string table, CancellationToken ct) =>
        (long)(await ScalarAsync(connection, $"select pg_total_relation_size('{Name(table)}')", ct))!;

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(ct);
    }
}
