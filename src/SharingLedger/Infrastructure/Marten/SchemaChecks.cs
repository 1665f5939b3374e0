using DbCommandBuilder = Weasel.Core.DbCommandBuilder;

namespace SharingLedger.Infrastructure.Marten;

/// <summary>Queries the one-off schema scripts (Weasel schema objects) use to tell whether they have run.</summary>
public static class SchemaChecks
{
    /// <summary>One row when <paramref name="schema"/>.<paramref name="table"/> exists, none otherwise.</summary>
    public static void TableExists(DbCommandBuilder builder, string schema, string table)
    {
        builder.Append("select 1 from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = ");
        builder.AppendParameter(schema);
        builder.Append(" and c.relname = ");
        builder.AppendParameter(table);
        builder.Append(";");
    }
}
