using Npgsql;
using Weasel.Core;
using Weasel.Core.Migrations;

namespace SharingLedger.Infrastructure.Marten;

/// <summary>
/// A table of rows derived one document at a time from one of Marten's document tables (a month's charges, a loan's lending facts):
/// the slice's script defines the row function, <c>{row}(tenant varchar, id uuid, data jsonb)</c>, the one place its columns are read
/// out of the JSON; <c>DerivedRows.sql</c> adds what every such table has (the statement triggers that keep it, its refill for an
/// operator's repair, its truncate with the documents, and its creation and first fill under a lock on the documents).
/// </summary>
public abstract class DerivedRowsSchema : TriggerScriptSchema
{
    private readonly string name, watched, row, key, version;

    /// <param name="name">The derived table (in <see cref="MartenSetup.Schema"/>).</param>
    /// <param name="watched">The documents' table it is derived from.</param>
    /// <param name="row">The row function the slice's script defines.</param>
    /// <param name="key">The derived table's column holding the document's id (the triggers replace a document's rows by it).</param>
    /// <param name="version">Goes into the triggers' names: bump it on any change, so that existing databases recreate and refill the table.</param>
    protected DerivedRowsSchema(string name, string watched, string row, string key, string version)
        : base(MartenSetup.Schema, name, watched, $"{name}_{version}_insert") =>
        (this.name, this.watched, this.row, this.key, this.version) = (name, watched, row, key, version);

    /// <summary>The slice's script: its header and the row function.</summary>
    protected abstract string RowScript();

    /// <summary>The table's columns and primary key, as in <c>create table (...)</c>, in the row function's order.</summary>
    protected abstract string Columns { get; }

    /// <summary>The table's other indexes, created after the first fill.</summary>
    protected abstract IEnumerable<string> Indexes { get; }

    /// <summary>
    /// Whether the row function gives every document exactly one row, keyed by (tenant, document id) as the table's primary key: then an
    /// updated document's row is updated in place, and not at all when none of its values changed, instead of deleted and inserted
    /// again, which wrote a new row and an entry in every index for each change of the document (docs/decisions.md, "A loan's
    /// facts updated in place"). A row function that can give a document no row must leave this false: its old row would stay.
    /// </summary>
    protected virtual bool OneRowPerDocument => false;

    /// <summary>The statements of the update trigger that replace the updated documents' rows (the documents are <c>updated</c>).</summary>
    private string UpdatedRows()
    {
        var (table, made) = ($"{MartenSetup.Schema}.{name}", $"select f.* from updated d cross join lateral {MartenSetup.Schema}.{row}(d.tenant_id, d.id, d.data) f");
        if (!OneRowPerDocument)
            return $"delete from {table} t using updated d where t.{key} = d.id and t.tenant_id = d.tenant_id;\n  insert into {table}\n  {made};";
        var values = ColumnNames().Where(c => c != "tenant_id" && c != key).ToList();
        return $"insert into {table} as t\n  {made}\n  on conflict (tenant_id, {key}) do update set ({string.Join(", ", values)}) = " +
               $"({string.Join(", ", values.Select(c => "excluded." + c))})\n  where row(t.*) is distinct from row(excluded.*);";
    }

    /// <summary>The table's column names, in order, from <see cref="Columns"/> (each item's first word; the primary key clause left out).</summary>
    private IEnumerable<string> ColumnNames()
    {
        var (depth, start) = (0, 0);
        var items = new List<string>();
        for (var i = 0; i <= Columns.Length; i++)
        {
            if (i == Columns.Length || (Columns[i] == ',' && depth == 0)) { items.Add(Columns[start..i].Trim()); start = i + 1; }
            else if (Columns[i] == '(') depth++;
            else if (Columns[i] == ')') depth--;
        }
        return items.Select(item => item.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries)[0])
            .Where(word => !word.Equals("primary", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The row function's signature, for its drop.</summary>
    private string RowFunction => $"{row}(varchar, uuid, jsonb)";

    /// <remarks>
    /// The row function is dropped first: a new version may give it other columns, and PostgreSQL refuses to replace a function whose
    /// result changes (an existing database's <c>db-apply</c> failed so). The script runs as one transaction, so a write of another
    /// session meets either the earlier version's function and triggers or this one's.
    /// </remarks>
    public override string Script() => $"drop function if exists {MartenSetup.Schema}.{RowFunction};\n" + RowScript() + "\n" + Embedded("SharingLedger.Infrastructure.Marten.DerivedRows.sql")
        .Replace("__name_pattern__", name.Replace("_", "\\_") + "\\_%")
        .Replace("__schema__", MartenSetup.Schema)
        .Replace("__name__", name)
        .Replace("__watched__", watched)
        .Replace("__row__", row)
        .Replace("__key__", key)
        .Replace("__version__", version)
        .Replace("__columns__", Columns)
        .Replace("__indexes__", string.Join("\n  ", Indexes.Select(i => i + ";")))
        .Replace("__updated_rows__", UpdatedRows());

    /// <summary>
    /// The rows of <paramref name="tenants"/> (every tenant when null) made what their documents give, writing only what differs: the
    /// rows the documents give now are made into a temporary table (the row function, as the refill does), then each document's stored
    /// rows that are not among them are deleted and the missing ones inserted. The same outcome as the script's refill
    /// (<c>{name}_refill</c>), which deletes and inserts every row: for a repair (<c>rebuild-loans</c>), where nearly every row is
    /// already right, the indexes and the WAL see only the rows that change. Run in the caller's transaction, with the documents'
    /// triggers off or the documents locked against writers.
    /// </summary>
    /// <returns>The rows inserted and deleted (a row corrected counts in both).</returns>
    public async Task<(long Added, long Removed)> RefillChangedAsync(NpgsqlConnection connection, string[]? tenants, CancellationToken ct)
    {
        var (schema, fresh) = (MartenSetup.Schema, $"{name}_fresh");
        var table = $"{schema}.{name}";
        string Of(string alias) => tenants is null ? "" : $" where {alias}.tenant_id = any($1)";
        var same = $"f.tenant_id = t.tenant_id and f.{key} = t.{key} and row(f.*) is not distinct from row(t.*)";
        await StoredRowsDiff.ExecuteAsync(connection, $"create temp table {fresh} (like {table}) on commit drop", ct);
        await StoredRowsDiff.ExecuteAsync(connection, $"insert into {fresh} select f.* from {schema}.{watched} d cross join lateral {schema}.{row}(d.tenant_id, d.id, d.data) f{Of("d")}", ct, tenants);
        await StoredRowsDiff.ExecuteAsync(connection, $"analyze {fresh}", ct);
        var removed = await StoredRowsDiff.ExecuteAsync(connection,
            $"delete from {table} t{(tenants is null ? " where" : Of("t") + " and")} not exists (select 1 from {fresh} f where {same})", ct, tenants);
        var added = await StoredRowsDiff.ExecuteAsync(connection, $"insert into {table} select * from {fresh} f where not exists (select 1 from {table} t where {same})", ct);
        await StoredRowsDiff.ExecuteAsync(connection, $"drop table {fresh}", ct);
        return (added, removed);
    }

    public override void WriteDropStatement(Migrator rules, TextWriter writer)
    {
        foreach (var on in new[] { "insert", "update", "delete", "truncate" })
            writer.WriteLine($"drop trigger if exists {name}_{version}_{on} on {MartenSetup.Schema}.{watched};");
        foreach (var function in new[] { $"{name}_inserted()", $"{name}_updated()", $"{name}_deleted()", $"{name}_clear()", $"{name}_refill(varchar[])", RowFunction })
            writer.WriteLine($"drop function if exists {MartenSetup.Schema}.{function};");
        writer.WriteLine($"drop table if exists {MartenSetup.Schema}.{name};");
    }
}
