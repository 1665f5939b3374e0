using Npgsql;

namespace SharingLedger.Infrastructure.Marten;

/// <summary>
/// A table's rows made what a temporary table of the same columns holds, writing only what differs: what the operator's rebuilds
/// (<c>rebuild-loans</c>, <c>rebuild-postings</c>) do once they have loaded what the events make. A repair of one row writes one row;
/// the indexes, the WAL and the derived tables' triggers see only the rows that changed.
/// </summary>
public static class StoredRowsDiff
{
    /// <summary>
    /// Of <paramref name="tenants"/> (every tenant when null), the rows of <paramref name="table"/> (in <see cref="MartenSetup.Schema"/>)
    /// not in <paramref name="temp"/> are deleted, those that differ in any column but <paramref name="uncompared"/> and
    /// <c>mt_last_modified</c> are rewritten, the missing ones inserted (keyed by tenant and id). Rows written are stamped now.
    /// </summary>
    /// <remarks>
    /// One pass over both tables finds the keys that differ (a full join, kept in a temporary table of keys); only when there are any
    /// are they deleted, rewritten or inserted, each through those keys. A database that needs no repair is read once and written not
    /// at all (three joins of the whole tables before: docs/performance.md, "The stored rows compared in one pass").
    /// </remarks>
    public static async Task<(long Added, long Corrected, long Removed)> ApplyAsync(NpgsqlConnection connection, string table, string temp,
        string[]? tenants, IReadOnlyCollection<string> uncompared, CancellationToken ct)
    {
        const string modified = "mt_last_modified";
        await ExecuteAsync(connection, $"analyze {temp}", ct);
        var columns = await ColumnsAsync(connection, table, ct);
        var compared = columns.Where(c => c != modified && !uncompared.Contains(c)).Select(Quoted).ToList();
        var written = columns.Where(c => c != modified).Select(Quoted).ToList();
        string Of(string alias, IEnumerable<string> names) => string.Join(", ", names.Select(c => $"{alias}.{c}"));
        var qualified = $"{MartenSetup.Schema}.{table}";
        var stored = tenants is null ? qualified : $"(select * from {qualified} where tenant_id = any($1))";
        var keys = $"{temp}_keys";

        // made: the events make the row; kept: it is stored. Both and listed: it differs.
        await ExecuteAsync(connection,
            $"create temp table {keys} on commit drop as select coalesce(t.tenant_id, p.tenant_id) as tenant_id, coalesce(t.id, p.id) as id, " +
            $"t.id is not null as made, p.id is not null as kept from {stored} p full join {temp} t on t.tenant_id = p.tenant_id and t.id = p.id " +
            $"where p.id is null or t.id is null or ({Of("p", compared)}) is distinct from ({Of("t", compared)})", ct, tenants);
        await using (var count = new NpgsqlCommand($"select count(*) from {keys}", connection))
            if ((long)(await count.ExecuteScalarAsync(ct))! == 0)
            {
                await ExecuteAsync(connection, $"drop table {keys}", ct);
                return (0, 0, 0);
            }
        await ExecuteAsync(connection, $"analyze {keys}", ct);
        const string listed = "k.tenant_id = p.tenant_id and k.id = p.id";
        const string loaded = "t.tenant_id = k.tenant_id and t.id = k.id";
        var removed = await ExecuteAsync(connection, $"delete from {qualified} p using {keys} k where {listed} and not k.made", ct);
        var corrected = await ExecuteAsync(connection,
            $"update {qualified} p set ({string.Join(", ", written)}, {modified}) = ({Of("t", written)}, transaction_timestamp()) " +
            $"from {keys} k join {temp} t on {loaded} where {listed} and k.made and k.kept", ct);
        var added = await ExecuteAsync(connection,
            $"insert into {qualified} ({string.Join(", ", written)}, {modified}) select {Of("t", written)}, transaction_timestamp() " +
            $"from {keys} k join {temp} t on {loaded} where k.made and not k.kept", ct);
        await ExecuteAsync(connection, $"drop table {keys}", ct);
        return (added, corrected, removed);
    }

    /// <summary>A table's columns (in <see cref="MartenSetup.Schema"/>), in their order.</summary>
    public static async Task<List<string>> ColumnsAsync(NpgsqlConnection connection, string table, CancellationToken ct)
    {
        var columns = new List<string>();
        await using var command = new NpgsqlCommand(
            "select column_name from information_schema.columns where table_schema = $1 and table_name = $2 order by ordinal_position", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = MartenSetup.Schema });
        command.Parameters.Add(new NpgsqlParameter { Value = table });
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) columns.Add(reader.GetString(0));
        return columns;
    }

    private static string Quoted(string column) => $"\"{column}\"";

    /// <summary>A statement without a time limit, with <paramref name="tenants"/> as <c>$1</c> when given.</summary>
    internal static async Task<int> ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct, string[]? tenants = null)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        if (tenants is not null) command.Parameters.Add(new NpgsqlParameter { Value = tenants });
        return await command.ExecuteNonQueryAsync(ct);
    }
}
