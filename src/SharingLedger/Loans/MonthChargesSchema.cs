using System.Data.Common;
using Marten;
using SharingLedger.Infrastructure.Marten;
using Weasel.Core;
using Weasel.Core.Migrations;
using Weasel.Postgresql;
using DbCommandBuilder = Weasel.Core.DbCommandBuilder;

namespace SharingLedger.Loans;

/// <summary>
/// The table of <see cref="MonthCharge"/>s, kept by statement triggers on the <see cref="ChargedLoan"/> documents and created (and
/// filled from the documents already there) by <c>MonthCharges.sql</c>. A Marten storage feature that depends on
/// <see cref="ChargedLoan"/>, so Marten creates it after that table, with the other schema objects (<c>db-apply</c>, or on first use).
/// </summary>
public sealed class MonthChargesFeature(StoreOptions options) : FeatureSchemaBase(nameof(MonthChargesFeature), options.Advanced.Migrator)
{
    public override IEnumerable<Type> DependentTypes() => [typeof(ChargedLoan)];

    protected override IEnumerable<ISchemaObject> schemaObjects() => [new MonthChargesSchema()];

    public static void Configure(StoreOptions options) => options.Storage.Add(new MonthChargesFeature(options));
}

/// <summary>
/// <c>MonthCharges.sql</c> as one schema object. It exists when the insert trigger of its <see cref="Version"/> does; otherwise the
/// whole script runs, recreating the table and refilling it from the documents.
/// </summary>
public sealed class MonthChargesSchema : ISchemaObject
{
    /// <summary>Bump on any change to the script, so that existing databases recreate and refill the table.</summary>
    public const string Version = "v1";

    private static string Trigger(string on) => $"month_charges_{Version}_{on}";

    private const string Documents = MartenSetup.Schema + ".mt_doc_chargedloan";

    public DbObjectName Identifier { get; } = new PostgresqlObjectName(MartenSetup.Schema, "month_charges", SchemaUtils.IdentifierUsage.General);

    public static string Script()
    {
        using var stream = typeof(MonthChargesSchema).Assembly.GetManifestResourceStream("SharingLedger.Loans.MonthCharges.sql")
            ?? throw new InvalidOperationException("MonthCharges.sql is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Replace("__version__", Version);
    }

    public void WriteCreateStatement(Migrator migrator, TextWriter writer) => writer.WriteLine(Script());

    public void WriteDropStatement(Migrator rules, TextWriter writer)
    {
        foreach (var on in new[] { "insert", "update", "delete", "truncate" }) writer.WriteLine($"drop trigger if exists {Trigger(on)} on {Documents};");
        foreach (var function in new[] { "month_charges_inserted()", "month_charges_updated()", "month_charges_deleted()", "month_charges_clear()",
                     "month_charge_rows(varchar, uuid, jsonb)" })
            writer.WriteLine($"drop function if exists {MartenSetup.Schema}.{function};");
        writer.WriteLine($"drop table if exists {MonthCharge.Table};");
    }

    public void ConfigureQueryCommand(DbCommandBuilder builder)
    {
        builder.Append("select t.tgname from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace where n.nspname = ");
        builder.AppendParameter(MartenSetup.Schema);
        builder.Append(" and c.relname = 'mt_doc_chargedloan' and t.tgname = ");
        builder.AppendParameter(Trigger("insert"));
        builder.Append(";");
    }

    public async Task<ISchemaObjectDelta> CreateDeltaAsync(DbDataReader reader, CancellationToken ct = default) =>
        new SchemaObjectDelta(this, await reader.ReadAsync(ct) ? SchemaPatchDifference.None : SchemaPatchDifference.Create);

    public IEnumerable<DbObjectName> AllNames()
    {
        yield return Identifier;
    }
}
