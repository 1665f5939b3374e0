using Marten;
using SharingLedger.Infrastructure.Marten;
using Weasel.Core;
using Weasel.Core.Migrations;

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
public sealed class MonthChargesSchema() : TriggerScriptSchema(MartenSetup.Schema, "month_charges", "mt_doc_chargedloan", Trigger("insert"))
{
    /// <summary>Bump on any change to the script, so that existing databases recreate and refill the table.</summary>
    public const string Version = "v2";

    private static string Trigger(string on) => $"month_charges_{Version}_{on}";

    private const string Documents = MartenSetup.Schema + ".mt_doc_chargedloan";

    public override string Script() => Embedded("SharingLedger.Loans.MonthCharges.sql").Replace("__version__", Version);

    public override void WriteDropStatement(Migrator rules, TextWriter writer)
    {
        foreach (var on in new[] { "insert", "update", "delete", "truncate" }) writer.WriteLine($"drop trigger if exists {Trigger(on)} on {Documents};");
        foreach (var function in new[] { "month_charges_inserted()", "month_charges_updated()", "month_charges_deleted()", "month_charges_clear()", "month_charges_refill(varchar[])",
                     "month_charge_rows(varchar, uuid, jsonb)" })
            writer.WriteLine($"drop function if exists {MartenSetup.Schema}.{function};");
        writer.WriteLine($"drop table if exists {MonthCharge.Table};");
    }
}
