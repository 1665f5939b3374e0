using System.Data.Common;
using Marten;
using SharingLedger.Infrastructure.Marten;
using Weasel.Core;
using Weasel.Core.Migrations;
using Weasel.Postgresql;
using DbCommandBuilder = Weasel.Core.DbCommandBuilder;

namespace SharingLedger.Loans;

/// <summary>
/// The one-off fill of <see cref="ChargedLoan"/> for a database whose loans were recorded before it existed: every loan's
/// charge, replacement bill and request id copied from its <see cref="Loan"/> snapshot (the same fields <see cref="ChargedLoan.Of"/>
/// takes), overwriting only a row the inline projection began for such a loan from its later events alone (it has no request
/// id; a complete row is left alone, so a write committing beside the fill is never overwritten by an older snapshot). A Marten storage
/// feature, so <c>db-apply</c> runs it once per database (and Development's and the tests' auto-create, first thing a month's
/// clearing does); it marks itself done with an empty table of its own. Without it a month's clearing of such a database
/// would miss those loans' charges (docs/decisions.md, "A month's charges in a table of their own").
/// </summary>
public sealed class ChargedLoanBackfill(StoreOptions options) : FeatureSchemaBase(nameof(ChargedLoanBackfill), options.Advanced.Migrator)
{
    protected override IEnumerable<ISchemaObject> schemaObjects() => [new FillFromLoans()];

    public static void Configure(StoreOptions options) => options.Storage.Add(new ChargedLoanBackfill(options));

    public sealed class FillFromLoans : ISchemaObject
    {
        private const string Marker = "charged_loan_backfilled";
        private static readonly string Schema = MartenSetup.Schema;

        public DbObjectName Identifier { get; } = new PostgresqlObjectName(MartenSetup.Schema, Marker, SchemaUtils.IdentifierUsage.General);

        public void WriteCreateStatement(Migrator migrator, TextWriter writer) => writer.WriteLine($"""
            DO $charged$
            BEGIN
              IF to_regclass('{Schema}.mt_doc_loan') IS NOT NULL AND to_regclass('{Schema}.mt_doc_chargedloan') IS NOT NULL THEN
                INSERT INTO {Schema}.mt_doc_chargedloan (tenant_id, id, data, mt_dotnet_type, mt_version, chargemonth, replacementmonth)
                SELECT tenant_id, id,
                       jsonb_build_object('id', data->'id', 'requestId', coalesce(data->'requestId', '""'::jsonb),
                                          'charge', coalesce(data->'charge', 'null'::jsonb), 'replacement', coalesce(data->'replacement', 'null'::jsonb)),
                       '{typeof(ChargedLoan).FullName}', 1, data->'charge'->>'month', data->'replacement'->>'month'
                FROM {Schema}.mt_doc_loan
                ON CONFLICT (tenant_id, id) DO UPDATE SET data = excluded.data, chargemonth = excluded.chargemonth,
                  replacementmonth = excluded.replacementmonth
                WHERE coalesce({Schema}.mt_doc_chargedloan.data->>'requestId', '') = '';
                CREATE TABLE {Schema}.{Marker} ();
              END IF;
            END
            $charged$;
            """);

        public void WriteDropStatement(Migrator rules, TextWriter writer) => writer.WriteLine($"DROP TABLE IF EXISTS {Schema}.{Marker};");

        /// <summary>Done once its marker table exists (created by the same script, only when both document tables were there).</summary>
        public void ConfigureQueryCommand(DbCommandBuilder builder) => SchemaChecks.TableExists(builder, Schema, Marker);

        public async Task<ISchemaObjectDelta> CreateDeltaAsync(DbDataReader reader, CancellationToken ct = default) =>
            new SchemaObjectDelta(this, await reader.ReadAsync(ct) ? SchemaPatchDifference.None : SchemaPatchDifference.Create);

        public IEnumerable<DbObjectName> AllNames() { yield return Identifier; }
    }
}
