using System.Diagnostics;
using System.Runtime.CompilerServices;
using Npgsql;

namespace SharingLedger.Infrastructure.Marten;

/// <summary>
/// The events of some types (and consortia) in sequence order, read as the operator's rebuilds read them (<c>rebuild-loans</c>,
/// <c>rebuild-postings</c>): in slices of the sequence, each on a connection of its own, the next few read side by side while the
/// caller works on one. Tombstones and other events are left aside by their type.
/// </summary>
public static class EventSlices
{
    private const int SliceSize = 50_000;
    private static readonly int SideBySide = Math.Clamp(Environment.ProcessorCount + 1, 3, 5);
    private static readonly string Events = $"{MartenSetup.Schema}.mt_events";

    /// <summary>
    /// The events of <paramref name="types"/> (Marten's type names) through sequence <paramref name="through"/>, of
    /// <paramref name="tenants"/> or every tenant, each row's <paramref name="columns"/> made into a <typeparamref name="T"/> by
    /// <paramref name="row"/> as it is read; <paramref name="reading"/>[0] gets the ticks the slices took, added up.
    /// </summary>
    public static async IAsyncEnumerable<List<T>> ReadAsync<T>(NpgsqlDataSource dataSource, string columns, string[] types, string[]? tenants,
        long through, Func<NpgsqlDataReader, T> row, long[] reading, [EnumeratorCancellation] CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct); // the slices still reading stop when the caller does
        var slices = new Queue<Task<List<T>>>();
        long next = 0;
        try
        {
            while (next < through || slices.Count > 0)
            {
                while (slices.Count < SideBySide && next < through)
                {
                    var (after, upTo) = (next, Math.Min(next + SliceSize, through));
                    slices.Enqueue(Task.Run(() => ReadSliceAsync(dataSource, columns, types, tenants, after, upTo, row, reading, stop.Token), stop.Token));
                    next = upTo;
                }
                yield return await slices.Dequeue();
            }
        }
        finally
        {
            await stop.CancelAsync();
            foreach (var slice in slices)
                try { await slice; } catch { /* stopped: the caller failed or was cancelled, and says so itself */ }
        }
    }

    private static async Task<List<T>> ReadSliceAsync<T>(NpgsqlDataSource dataSource, string columns, string[] types, string[]? tenants,
        long after, long through, Func<NpgsqlDataReader, T> row, long[] reading, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var rows = new List<T>();
        await using var command = dataSource.CreateCommand(
            $"select {columns} from {Events} where seq_id > $1 and seq_id <= $2 and type = any($3)" +
            (tenants is null ? "" : " and tenant_id = any($4)") + " order by seq_id");
        command.Parameters.Add(new NpgsqlParameter { Value = after });
        command.Parameters.Add(new NpgsqlParameter { Value = through });
        command.Parameters.Add(new NpgsqlParameter { Value = types });
        if (tenants is not null) command.Parameters.Add(new NpgsqlParameter { Value = tenants });
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) rows.Add(row(reader));
        Interlocked.Add(ref reading[0], clock.Elapsed.Ticks);
        return rows;
    }
}
