using Npgsql;
using SharingLedger.Infrastructure.Marten;
using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Infrastructure;

/// <summary>
/// The ledger's connections keep the statements they run again prepared (Npgsql's automatic preparation; docs/decisions.md,
/// "Prepared statements kept per connection"), unless the connection string says otherwise. Read from PostgreSQL's own list of the
/// connection's prepared statements.
/// </summary>
public class PreparedStatementsTests(LedgerHost host) : LedgerTest(host)
{
    private const string Probe = "select count(*) from pg_class where relname = $1";

    [Fact]
    public async Task A_statement_run_twice_on_a_connection_is_prepared_there()
    {
        await using var dataSource = LedgerDataSource.Builder(Host.ConnectionString).Build();

        var prepared = await PreparedAfterTwoRunsAsync(dataSource);

        Assert.Contains(Probe, prepared);
    }

    [Theory]
    [InlineData("Max Auto Prepare=0")]
    [InlineData("MaxAutoPrepare=0")]
    public async Task A_connection_string_that_turns_preparation_off_is_obeyed(string setting)
    {
        await using var dataSource = LedgerDataSource.Builder(Host.ConnectionString.TrimEnd(';') + ";" + setting).Build();

        var prepared = await PreparedAfterTwoRunsAsync(dataSource);

        Assert.DoesNotContain(Probe, prepared);
    }

    /// <summary>The probe run twice on one connection, then the statements PostgreSQL holds prepared for that connection.</summary>
    private static async Task<List<string>> PreparedAfterTwoRunsAsync(NpgsqlDataSource dataSource)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        for (var run = 0; run < 2; run++)
        {
            await using var probe = new NpgsqlCommand(Probe, connection) { Parameters = { new NpgsqlParameter { Value = "mt_events" } } };
            await probe.ExecuteScalarAsync();
        }
        var statements = new List<string>();
        await using var list = new NpgsqlCommand("select statement from pg_prepared_statements", connection);
        await using var reader = await list.ExecuteReaderAsync();
        while (await reader.ReadAsync()) statements.Add(reader.GetString(0));
        return statements;
    }
}
