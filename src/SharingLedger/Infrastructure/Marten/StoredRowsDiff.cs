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
        const string same = "t.tenant_id = p.tenant_id and t.id = p.id";

        var removed = await ExecuteAsync(connection,
            $"delete from {qualified} p where {(tenants is null ? "" : "p.tenant_id = any($1) and ")}not exists (select 1 from {temp} t where {same})", ct, tenants);
        var corrected = await ExecuteAsync(connection,
            $"update {qualified} p set ({string.Join(", ", written)}, {modified}) = ({Of("t", written)}, transaction_timestamp()) " +
            $"from {temp} t where {same} and ({Of("p", compared)}) is distinct from ({Of("t", compared)})", ct);
        var added = await ExecuteAsync(connection,
            $"insert into {qualified} ({string.Join(", ", written)}, {modified}) select {Of("t", written)}, transaction_timestamp() " +
            $"from {temp} t where not exists (select 1 from {qualified} p where {same})", ct);
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
