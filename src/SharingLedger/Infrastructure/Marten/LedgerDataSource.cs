using Npgsql;

namespace SharingLedger.Infrastructure.Marten;

/// <summary>
/// How every connection pool of the ledger is built, for one database or several (docs/decisions.md, "Pooled connections keep
/// their plans"):
/// <list type="bullet">
/// <item>NodaTime, wiring point 1 of 3: Npgsql maps PostgreSQL's date/time types to NodaTime.</item>
/// <item>A connection returned to the pool is not reset with <c>DISCARD ALL</c>. That reset throws away the plans PostgreSQL
/// keeps per connection for PL/pgSQL: Marten's append function and the triggers that keep the derived tables. Every write
/// then planned them again (about 3 ms of PostgreSQL's time per loan request, measured). Nothing the ledger or its libraries
/// leave on a connection needs the reset: advisory locks are per transaction (<see cref="WriteLocks"/>), or released by the
/// lock's owner (the daemon's leadership); temporary tables are dropped by what made them, or die with their transaction; no
/// session setting is changed.</item>
/// <item>Statements run twice on a connection are prepared there and kept (Npgsql's automatic preparation, up to
/// <see cref="PreparedPerConnection"/> a connection): PostgreSQL then neither parses nor plans Marten's statements again.
/// Loan requests at 16 clients: 987 a second against 510 before, reads 1.7–1.9 times (docs/decisions.md, "Prepared statements kept per connection").
/// A connection string that sets <c>Max Auto Prepare</c> itself (0 turns it off) is left as it is.</item>
/// </list>
/// </summary>
public static class LedgerDataSource
{
    /// <summary>How many statements a connection keeps prepared (the least used give way to new ones).</summary>
    public const int PreparedPerConnection = 128;

    public static NpgsqlDataSourceBuilder Builder(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.UseNodaTime();
        builder.ConnectionStringBuilder.NoResetOnClose = true;
        if (!SetsAutoPrepare(connectionString))
        {
            builder.ConnectionStringBuilder.MaxAutoPrepare = PreparedPerConnection;
            builder.ConnectionStringBuilder.AutoPrepareMinUsages = 2;
        }
        return builder;
    }

    /// <summary>Whether the connection string itself says how many statements to prepare (under either of Npgsql's names).</summary>
    private static bool SetsAutoPrepare(string connectionString)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        return given.ContainsKey("Max Auto Prepare") || given.ContainsKey("MaxAutoPrepare");
    }
}
