using System.Data.Common;
using Marten;
using SharingLedger.Infrastructure.Marten;
using Weasel.Core;
using Weasel.Core.Migrations;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;
using DbCommandBuilder = Weasel.Core.DbCommandBuilder;

namespace SharingLedger.Audit;

/// <summary>
/// The links of every consortium's hash chain, one narrow row per chained event: <c>ledger.chain_link</c> (tenant, sequence,
/// event id, the 32-byte hash, the sequence of the consortium's previous link). Its primary key (tenant, sequence) is a
/// consortium's chain in order, so the previous link is an index lookup; the index on the sequence alone finds how far the
/// one writer has come across every consortium (<see cref="ChainMonitor"/>). A Marten storage feature, so <c>db-apply</c>
/// (and Development's auto-create) makes it, and on the way copies the links of the earlier <c>ChainLink</c> documents.
/// </summary>
public sealed class ChainLinkFeature(StoreOptions options) : FeatureSchemaBase(nameof(ChainLinkFeature), options.Advanced.Migrator)
{
    public const string Name = "chain_link";
    public static readonly string QualifiedName = $"{MartenSetup.Schema}.{Name}";

    protected override IEnumerable<ISchemaObject> schemaObjects() => [BuildTable(), new ChainLinkDocumentsCopy()];

    public static void Configure(StoreOptions options) => options.Storage.Add(new ChainLinkFeature(options));

    private static Table BuildTable()
    {
        var table = new Table(new PostgresqlObjectName(MartenSetup.Schema, Name, SchemaUtils.IdentifierUsage.General));
        table.AddColumn("tenant_id", "varchar").NotNull().AsPrimaryKey();
        table.AddColumn<long>("sequence").NotNull().AsPrimaryKey();
        table.AddColumn<Guid>("event_id").NotNull();
        table.AddColumn("hash", "bytea").NotNull();
        table.AddColumn<long>("previous_sequence").NotNull();
        table.Indexes.Add(new IndexDefinition("chain_link_sequence") { Columns = ["sequence"] });
        return table;
    }
}

/// <summary>
/// The one-off move from the earlier storage: when <c>chain_link</c> does not exist yet, the script that creates it also copies
/// every <c>ChainLink</c> document (<c>mt_doc_chainlink</c>, if there is one) into it, so a deployed chain goes on from where
/// it was, under the same projection name, without a rebuild (docs/decisions.md, "A hash chain that keeps up"). The
/// documents themselves are left in place.
/// </summary>
public sealed class ChainLinkDocumentsCopy : ISchemaObject
{
    private static readonly string Documents = $"{MartenSetup.Schema}.mt_doc_chainlink";

    public DbObjectName Identifier { get; } = new PostgresqlObjectName(MartenSetup.Schema, "chain_link_from_documents", SchemaUtils.IdentifierUsage.General);

    public void WriteCreateStatement(Migrator migrator, TextWriter writer) => writer.WriteLine($"""
        DO $chain$
        BEGIN
          IF to_regclass('{Documents}') IS NOT NULL THEN
            INSERT INTO {ChainLinkFeature.QualifiedName} (tenant_id, sequence, event_id, hash, previous_sequence)
            SELECT tenant_id, id, (data->>'eventId')::uuid, decode(data->>'hash', 'hex'), (data->>'previousSequence')::bigint
            FROM {Documents} ON CONFLICT DO NOTHING;
          END IF;
        END
        $chain$;
        """);

    public void WriteDropStatement(Migrator rules, TextWriter writer) { } // nothing of its own to drop: the rows belong to the table

    /// <summary>Done once the table exists: the copy runs in the same script that creates it.</summary>
    public void ConfigureQueryCommand(DbCommandBuilder builder) => SchemaChecks.TableExists(builder, MartenSetup.Schema, ChainLinkFeature.Name);

    public async Task<ISchemaObjectDelta> CreateDeltaAsync(DbDataReader reader, CancellationToken ct = default) =>
        new SchemaObjectDelta(this, await reader.ReadAsync(ct) ? SchemaPatchDifference.None : SchemaPatchDifference.Create);

    public IEnumerable<DbObjectName> AllNames()
    {
        yield return Identifier;
    }
}
