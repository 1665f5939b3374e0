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
}
