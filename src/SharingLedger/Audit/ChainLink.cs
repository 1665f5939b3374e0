using System.Runtime.CompilerServices;
using Marten;
using Npgsql;

namespace SharingLedger.Audit;

/// <summary>
/// One link of a consortium's tamper-evident hash chain: the event at <see cref="Id"/> (its global sequence) hashed
/// together with the hash of the consortium's previous link (<see cref="PreviousSequence"/>, 0 for its first link).
/// <see cref="Hash"/> is lowercase hex; the table holds its 32 bytes. A row of <c>ledger.chain_link</c>
/// (<see cref="ChainLinkFeature"/>), written only by <see cref="HashChainProjection"/>.
/// </summary>
public sealed record ChainLink(long Id, Guid EventId, string Hash, long PreviousSequence);

/// <summary>A point of the chain: a sequence and the chain's hash through it. Published as a closed period's digest.</summary>
public sealed record ChainDigest(long Sequence, string Hash);

/// <summary>Reads of <c>ledger.chain_link</c>; every read of a consortium's links names its tenant.</summary>
public static class ChainLinks
{
    private static readonly string Table = ChainLinkFeature.QualifiedName;

    /// <summary>The head of the chain of the session's consortium (its tenant), in the session's own connection.</summary>
    public static async Task<ChainDigest?> HeadAsync(IQuerySession session, CancellationToken ct)
    {
        await session.Database.EnsureStorageExistsAsync(typeof(ChainLinkFeature), ct);
        var head = await session.AdvancedSql.QueryAsync<ChainDigest>(
            $"select jsonb_build_object('sequence', sequence, 'hash', encode(hash, 'hex')) from {Table} where tenant_id = ? order by sequence desc limit 1",
            ct, session.TenantId);
        return head.Count == 0 ? null : head[0];
    }

    /// <summary>The highest chained sequence of any consortium: how far the one writer has come (0 before the first link).</summary>
    public static async Task<long> HighestAsync(NpgsqlDataSource dataSource, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand($"select coalesce(max(sequence), 0) from {Table}");
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>The tenant's links through <paramref name="through"/>, streamed in sequence order.</summary>
    public static async IAsyncEnumerable<ChainLink> ReadAsync(NpgsqlDataSource dataSource, string tenantId, long through,
        [EnumeratorCancellation] CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            $"select sequence, event_id, hash, previous_sequence from {Table} where tenant_id = $1 and sequence <= $2 order by sequence");
        command.Parameters.Add(new NpgsqlParameter { Value = tenantId });
        command.Parameters.Add(new NpgsqlParameter { Value = through });
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) yield return Read(reader);
    }

    /// <summary>
    /// Each given tenant's last link below its given sequence (by the primary key), or nothing for a tenant without one: where a
    /// batch of the writer continues each consortium's chain.
    /// </summary>
    public static async Task<Dictionary<string, ChainDigest>> PreviousAsync(NpgsqlDataSource dataSource, string[] tenants, long[] below, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            $"select t.tenant, l.sequence, l.hash from unnest($1::text[], $2::bigint[]) as t(tenant, below) " +
            $"cross join lateral (select sequence, hash from {Table} where tenant_id = t.tenant and sequence < t.below order by sequence desc limit 1) l");
        command.Parameters.Add(new NpgsqlParameter { Value = tenants });
        command.Parameters.Add(new NpgsqlParameter { Value = below });
        var found = new Dictionary<string, ChainDigest>(tenants.Length);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            found[reader.GetString(0)] = new ChainDigest(reader.GetInt64(1), Convert.ToHexStringLower(reader.GetFieldValue<byte[]>(2)));
        return found;
    }

    private static ChainLink Read(NpgsqlDataReader r) =>
        new(r.GetInt64(0), r.GetGuid(1), Convert.ToHexStringLower(r.GetFieldValue<byte[]>(2)), r.GetInt64(3));
}
