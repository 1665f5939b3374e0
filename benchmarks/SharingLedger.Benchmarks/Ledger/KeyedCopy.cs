using JasperFx.Events;
using Marten;
using Npgsql;
using NpgsqlTypes;
using SharingLedger.Infrastructure.Marten;

namespace SharingLedger.Benchmarks.Ledger;

/// <summary>
/// A second yardstick beside <see cref="RawCopy"/>: PostgreSQL's binary COPY of the same stream and event rows into tables
/// shaped exactly like the event store's (<c>LIKE … INCLUDING ALL</c> copies the primary keys, the unique stream-and-version
/// index and the defaults; the foreign key from events to streams is added as Marten declares it), streams first, in one
/// transaction. What it costs PostgreSQL alone to keep these rows with the keys an event store needs; the gap between it
/// and the import is the client's (Marten's and ours), the gap between it and <see cref="RawCopy"/> is the keys'.
/// </summary>
public static class KeyedCopy
{
    private const string Streams = "public.bench_keyed_streams";
    private const string Events = "public.bench_keyed_events";

    public static async Task CreateTablesAsync(string connectionString)
    {
        var schema = MartenSetup.Schema;
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"""
            DROP TABLE IF EXISTS {Events}; DROP TABLE IF EXISTS {Streams};
            CREATE TABLE {Streams} (LIKE {schema}.mt_streams INCLUDING ALL);
            CREATE TABLE {Events} (LIKE {schema}.mt_events INCLUDING ALL);
            ALTER TABLE {Events} ADD FOREIGN KEY (tenant_id, stream_id) REFERENCES {Streams} (tenant_id, id);
            """, conn);
        await cmd.ExecuteNonQueryAsync();
    }

    public static async Task CopyAsync(string connectionString, IDocumentStore store, IReadOnlyList<StreamAction> streams, string tenant, int batchSize)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await using (var writer = await conn.BeginBinaryImportAsync($"COPY {Streams} (tenant_id, id, type, version, is_archived) FROM STDIN BINARY"))
        {
            foreach (var stream in streams)
            {
                await writer.StartRowAsync();
                await writer.WriteAsync(tenant, NpgsqlDbType.Varchar);
                await writer.WriteAsync(stream.Id, NpgsqlDbType.Uuid);
                await writer.WriteAsync("loan", NpgsqlDbType.Varchar);
                await writer.WriteAsync((long)stream.Events.Count, NpgsqlDbType.Bigint);
                await writer.WriteAsync(false, NpgsqlDbType.Boolean);
            }
            await writer.CompleteAsync();
        }

        await RawCopy.CopyEventRowsAsync(conn, Events, store, streams, 1, batchSize, tenant);
        await tx.CommitAsync();
    }
}
