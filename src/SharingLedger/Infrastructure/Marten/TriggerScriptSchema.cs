using System.Data.Common;
using Weasel.Core;
using Weasel.Core.Migrations;
using Weasel.Postgresql;
using DbCommandBuilder = Weasel.Core.DbCommandBuilder;

namespace SharingLedger.Infrastructure.Marten;

/// <summary>
/// Tables derived from one of Marten's tables and kept by triggers on it, created by an embedded SQL script, as one schema object
/// (the postings' running totals, a month's charges, a borrower's requests). It exists when the watched table has the trigger named
/// <paramref name="versionedTrigger"/>, whose name carries the script's version; otherwise the whole script runs, recreating the
/// derived tables and refilling them from the watched one. The script's own statements drop the triggers of earlier versions.
/// </summary>
public abstract class TriggerScriptSchema(string schema, string name, string watchedTable, string versionedTrigger) : ISchemaObject
{
    public DbObjectName Identifier { get; } = new PostgresqlObjectName(schema, name, SchemaUtils.IdentifierUsage.General);

    /// <summary>The script, its placeholders filled in.</summary>
    public abstract string Script();

    public abstract void WriteDropStatement(Migrator rules, TextWriter writer);

    public void WriteCreateStatement(Migrator migrator, TextWriter writer) => writer.WriteLine(Script());

    /// <summary>The text of a script embedded in this assembly under <paramref name="resource"/>.</summary>
    protected static string Embedded(string resource)
    {
        using var stream = typeof(TriggerScriptSchema).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"{resource} is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public void ConfigureQueryCommand(DbCommandBuilder builder)
    {
        builder.Append("select t.tgname from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace where n.nspname = ");
        builder.AppendParameter(Identifier.Schema);
        builder.Append(" and c.relname = ");
        builder.AppendParameter(watchedTable);
        builder.Append(" and t.tgname = ");
        builder.AppendParameter(versionedTrigger);
        builder.Append(";");
    }

    public async Task<ISchemaObjectDelta> CreateDeltaAsync(DbDataReader reader, CancellationToken ct = default) =>
        new SchemaObjectDelta(this, await reader.ReadAsync(ct) ? SchemaPatchDifference.None : SchemaPatchDifference.Create);

    public IEnumerable<DbObjectName> AllNames()
    {
        yield return Identifier;
    }
}
