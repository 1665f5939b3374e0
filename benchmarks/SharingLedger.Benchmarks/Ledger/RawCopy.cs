using System.Text;
using JasperFx.Events;
using Marten;
using Npgsql;
using NpgsqlTypes;

namespace SharingLedger.Benchmarks.Ledger;

/// <summary>
/// The yardstick for the import: PostgreSQL's binary COPY of the same rows (the same columns, ids and JSON bodies,
/// serialised by the store's own serializer while copying, as Marten's bulk append does) into a plain table with no
/// keys, indexes or stream rows. One transaction per chunk, a new COPY every <c>batchSize</c> rows, like Marten's.
/// </summary>
public static class RawCopy
{
    public const string Table = "public.bench_raw_events";

    public static async Task CreateTableAsync(string connectionString)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"""
            DROP TABLE IF EXISTS {Table};
            CREATE TABLE {Table} (seq_id bigint, id uuid, stream_id uuid, version bigint, data jsonb, type varchar,
              "timestamp" timestamptz, tenant_id varchar, mt_dotnet_type varchar, is_archived boolean)
            """, conn);
        await cmd.ExecuteNonQueryAsync();
    }

    public static async Task CopyAsync(string connectionString, IDocumentStore store, IReadOnlyList<StreamAction> chunk, long firstSequence, int batchSize)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await CopyEventRowsAsync(conn, Table, store, chunk, firstSequence, batchSize, "*DEFAULT*");
        await tx.CommitAsync();
    }

    /// <summary>
    /// The event rows of <paramref name="streams"/> into <paramref name="table"/> (columns as <c>mt_events</c>'), a new COPY
    /// every <paramref name="batchSize"/> rows, the JSON bodies serialised while copying; on the caller's transaction.
    /// </summary>
    public static async Task CopyEventRowsAsync(NpgsqlConnection conn, string table, IDocumentStore store, IReadOnlyList<StreamAction> streams,
        long firstSequence, int batchSize, string tenant)
    {
        var serializer = store.Options.Serializer();
        NpgsqlBinaryImporter? writer = null;
        var rows = 0;
        var sequence = firstSequence;
        foreach (var stream in streams)
        {
            long version = 0;
            foreach (var e in stream.Events)
            {
                if (rows++ % batchSize == 0)
                {
                    if (writer is not null) { await writer.CompleteAsync(); await writer.DisposeAsync(); }
                    writer = await conn.BeginBinaryImportAsync(
                        $"COPY {table} (seq_id, id, stream_id, version, data, type, \"timestamp\", tenant_id, mt_dotnet_type, is_archived) FROM STDIN BINARY");
                }
                await writer!.StartRowAsync();
                await writer.WriteAsync(sequence++, NpgsqlDbType.Bigint);
                await writer.WriteAsync(e.Id, NpgsqlDbType.Uuid);
                await writer.WriteAsync(stream.Id, NpgsqlDbType.Uuid);
                await writer.WriteAsync(++version, NpgsqlDbType.Bigint);
                await writer.WriteAsync(Encoding.UTF8.GetBytes(serializer.ToJson(e.Data)), NpgsqlDbType.Jsonb);
                await writer.WriteAsync(e.EventTypeName, NpgsqlDbType.Varchar);
                await writer.WriteAsync(e.Timestamp, NpgsqlDbType.TimestampTz);
                await writer.WriteAsync(tenant, NpgsqlDbType.Varchar);
                await writer.WriteAsync(e.DotNetTypeName, NpgsqlDbType.Varchar);
                await writer.WriteAsync(false, NpgsqlDbType.Boolean);
            }
        }
        if (writer is not null) { await writer.CompleteAsync(); await writer.DisposeAsync(); }
    }
}
