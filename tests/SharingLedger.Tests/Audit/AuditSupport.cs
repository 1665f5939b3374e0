using JasperFx.Events.Daemon;
using Marten;
using Marten.Storage;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SharingLedger.Audit;
using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Audit;

/// <summary>Reaching under the API: event sequences, waiting for the hash chain, and raw SQL on the event table.</summary>
public static class AuditSupport
{
    public static NpgsqlDataSource DataSource(this LedgerHost host) => host.Host.Services.GetRequiredService<NpgsqlDataSource>();

    /// <summary>The database a consortium (its tenant id) lives in, and the host's daemon for it (the one that writes its chain).</summary>
    public static async Task<(IMartenDatabase Database, IProjectionDaemon Daemon)> ChainDaemonAsync(this LedgerHost host, string tenant)
    {
        var database = await host.Host.Services.GetRequiredService<IDocumentStore>().Storage.FindOrCreateDatabase(tenant);
        return (database, await host.Host.Services.GetRequiredService<IProjectionCoordinator>().DaemonForDatabase(database.Id.Identity));
    }

    public static async Task<long[]> SequencesOf(this LedgerHost host, Guid streamId)
    {
        await using var command = host.DataSource().CreateCommand("select seq_id from ledger.mt_events where stream_id = $1 order by version");
        command.Parameters.Add(new NpgsqlParameter { Value = streamId });
        var list = new List<long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) list.Add(reader.GetInt64(0));
        return [.. list];
    }

    /// <summary>Waits until the async daemon has chained the event at <paramref name="sequence"/> (and so every event before it).</summary>
    public static Task<ChainLink> WaitForLink(this LedgerHost host, long sequence, int timeoutSeconds = 60) =>
        host.DataSource().WaitForLink(sequence, timeoutSeconds);

    /// <summary>The same, in the database of <paramref name="data"/> (a host other than the shared one, e.g. a browser test's).</summary>
    public static async Task<ChainLink> WaitForLink(this NpgsqlDataSource data, long sequence, int timeoutSeconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (true)
        {
            // Across tenants: the test knows the sequence, not yet whose chain it is in.
            await using (var command = data.CreateCommand(
                             "select sequence, event_id, encode(hash, 'hex'), previous_sequence from ledger.chain_link where sequence = $1"))
            {
                command.Parameters.Add(new NpgsqlParameter { Value = sequence });
                await using var reader = await command.ExecuteReaderAsync();
                if (await reader.ReadAsync()) return new ChainLink(reader.GetInt64(0), reader.GetGuid(1), reader.GetString(2), reader.GetInt64(3));
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"The hash chain did not reach sequence {sequence} within {timeoutSeconds} s.");
            await Task.Delay(100);
        }
    }

    public static async Task<int> Sql(this LedgerHost host, string sql, params object[] parameters)
    {
        await using var command = host.DataSource().CreateCommand(sql);
        foreach (var p in parameters) command.Parameters.Add(new NpgsqlParameter { Value = p });
        return await command.ExecuteNonQueryAsync();
    }

    public static async Task<string> TenantOfEvent(this LedgerHost host, long sequence)
    {
        await using var command = host.DataSource().CreateCommand("select tenant_id from ledger.mt_events where seq_id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = sequence });
        return (string)(await command.ExecuteScalarAsync())!;
    }

    public static async Task<string> StoredData(this LedgerHost host, long sequence)
    {
        await using var command = host.DataSource().CreateCommand("select data::text from ledger.mt_events where seq_id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = sequence });
        return (string)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The consortium's links in sequence order, each as one line: sequence, event id, hash (hex), previous sequence.</summary>
    public static async Task<List<string>> LinksOf(this LedgerHost host, string tenant)
    {
        await using var command = host.DataSource().CreateCommand(
            "select sequence || ' ' || event_id || ' ' || encode(hash, 'hex') || ' ' || previous_sequence from ledger.chain_link where tenant_id = $1 order by sequence");
        command.Parameters.Add(new NpgsqlParameter { Value = tenant });
        var links = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) links.Add(reader.GetString(0));
        return links;
    }
}
