using System.Data.Common;
using Weasel.Core;
using Weasel.Core.Migrations;
using Weasel.Postgresql;
using DbCommandBuilder = Weasel.Core.DbCommandBuilder;

namespace SharingLedger.Infrastructure.Marten;

/// <summary>
/// A one-off data script as a Weasel schema object: <c>db-apply</c> (and Development's and the tests' auto-create) runs
/// <paramref name="sql"/> once per database, when every table of <paramref name="requires"/> exists, and marks it done with an
/// empty table named <paramref name="marker"/>, made by the same script. Used to fill a new read model from an older one.
/// </summary>
public sealed class OneOffScript(string marker, IReadOnlyList<string> requires, string sql) : ISchemaObject
{
    private static readonly string Schema = MartenSetup.Schema;

    public DbObjectName Identifier { get; } = new PostgresqlObjectName(MartenSetup.Schema, marker, SchemaUtils.IdentifierUsage.General);

    public void WriteCreateStatement(Migrator migrator, TextWriter writer) => writer.WriteLine($"""
        DO $oneoff$
        BEGIN
          IF {string.Join(" AND ", requires.Select(t => $"to_regclass('{Schema}.{t}') IS NOT NULL"))} THEN
            {sql}
            CREATE TABLE {Schema}.{marker} ();
          END IF;
        END
        $oneoff$;
        """);

    public void WriteDropStatement(Migrator rules, TextWriter writer) => writer.WriteLine($"DROP TABLE IF EXISTS {Schema}.{marker};");

    /// <summary>Done once its marker table exists (created by the same script, only when the tables it needs were there).</summary>
    public void ConfigureQueryCommand(DbCommandBuilder builder) => SchemaChecks.TableExists(builder, Schema, marker);

    public async Task<ISchemaObjectDelta> CreateDeltaAsync(DbDataReader reader, CancellationToken ct = default) =>
        new SchemaObjectDelta(this, await reader.ReadAsync(ct) ? SchemaPatchDifference.None : SchemaPatchDifference.Create);

    public IEnumerable<DbObjectName> AllNames() { yield return Identifier; }
}
