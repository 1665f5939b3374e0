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
/// </list>
/// </summary>
public static class LedgerDataSource
{
    public static NpgsqlDataSourceBuilder Builder(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.UseNodaTime();
        builder.ConnectionStringBuilder.NoResetOnClose = true;
        return builder;
    }
}
