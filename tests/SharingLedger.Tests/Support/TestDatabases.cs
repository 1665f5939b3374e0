using Alba;
using Marten;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace SharingLedger.Tests.Support;

/// <summary>Databases of their own on the shared test cluster, for tests that configure more than one.</summary>
public static class TestDatabases
{
    /// <summary>A new, empty database named after its <paramref name="role"/>; its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync(this LedgerHost shared, string role, CancellationToken ct)
    {
        var name = $"multi_{role}_{Guid.NewGuid():N}"[..30];
        await using (var admin = new NpgsqlConnection(shared.ConnectionString))
        {
            await admin.OpenAsync(ct);
            await using var create = new NpgsqlCommand($"create database {name}", admin);
            await create.ExecuteNonQueryAsync(ct);
        }
        return new NpgsqlConnectionStringBuilder(shared.ConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>
    /// A node of the service on a new database of its own (daemon off, the tests' operator key), with every configured schema change
    /// applied, as <c>db-apply</c> leaves a database.
    /// </summary>
    public static async Task<(string Database, IAlbaHost Node)> NodeOnOwnDatabaseAsync(this LedgerHost shared, string role, CancellationToken ct)
    {
        var database = await shared.CreateDatabaseAsync(role, ct);
        var node = await AlbaHost.For<Program>(b =>
        {
            b.UseSetting("ConnectionStrings:Ledger", database);
            b.UseSetting("Projections:DaemonMode", "Disabled");
            b.UseSetting("Auth:OperatorKeys:0:Name", $"{role}-tests");
            b.UseSetting("Auth:OperatorKeys:0:Key", LedgerHost.OperatorKey);
            b.UseEnvironment("Testing");
        });
        // The node's own background services (the chain's watch) may be creating a table of theirs at this moment: the loser of that
        // race finds the object made ("already exists", CI once) and applies the changes again, which then finds it there.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await node.Services.GetRequiredService<IDocumentStore>().Storage.ApplyAllConfiguredChangesToDatabaseAsync();
                return (database, node);
            }
            catch (Exception e) when (attempt < 3 && e.InnerException is PostgresException { SqlState: PostgresErrorCodes.DuplicateTable or PostgresErrorCodes.DuplicateObject })
            {
                await Task.Delay(200, ct);
            }
        }
    }

    /// <summary>Runs <paramref name="sql"/> (statements, no parameters) on <paramref name="database"/>.</summary>
    public static async Task ExecuteAsync(string database, string sql, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The first column of the first row of <paramref name="sql"/> on <paramref name="database"/>.</summary>
    public static async Task<object?> ScalarAsync(string database, string sql, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(ct);
    }
}
