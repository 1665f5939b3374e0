using System.Data.Common;
using System.Text;
using Marten;
using Npgsql;

namespace SharingLedger.Infrastructure.Marten;

/// <summary>
/// Reads rows of plain columns on the session's connection. The ledger's reads return thousands of open items, a month's
/// clearing twelve thousand charges, and building a JSON object per row in PostgreSQL (what Marten's <c>AdvancedSql</c> maps
/// from), or reading whole documents, costs more than the query.
/// </summary>
internal static class PlainSql
{
    /// <summary>Runs <paramref name="sql"/>, whose <c>?</c> are the <paramref name="args"/> in order, and maps each row.</summary>
    public static async Task<List<T>> ReadAsync<T>(IQuerySession session, string sql, IReadOnlyList<object> args, Func<DbDataReader, T> map, CancellationToken ct)
    {
        var command = new NpgsqlCommand(Positional(sql));
        foreach (var a in args) command.Parameters.Add(new NpgsqlParameter { Value = a });
        var rows = new List<T>();
        await using var reader = await session.ExecuteReaderAsync(command, ct);
        while (await reader.ReadAsync(ct)) rows.Add(map(reader));
        return rows;
    }

    /// <summary>
    /// A JSON column of a row read as text (<paramref name="json"/>), deserialised as Marten stores documents. Marten's serializer can read a
    /// column itself, but leaves that column's stream open, which a second JSON column of the same row then refuses.
    /// </summary>
    public static T Json<T>(IQuerySession session, string json) =>
        session.DocumentStore.Options.Serializer().FromJson<T>(new MemoryStream(Encoding.UTF8.GetBytes(json)));

    /// <summary>Each <c>?</c> as <c>$1</c>, <c>$2</c>, ... (none of the ledger's queries uses <c>?</c> otherwise).</summary>
    private static string Positional(string sql)
    {
        var result = new StringBuilder(sql.Length + 16);
        var n = 0;
        foreach (var c in sql)
        {
            if (c == '?') result.Append('$').Append(++n);
            else result.Append(c);
        }
        return result.ToString();
    }
}
