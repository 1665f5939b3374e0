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
/// <c>MonthCharges.sql</c> (the row function) with the triggers every derived table has (<see cref="DerivedRowsSchema"/>). It exists
/// when the insert trigger of its <see cref="Version"/> does; otherwise the whole script runs, recreating the table and refilling it
/// from the documents.
/// </summary>
public sealed class MonthChargesSchema() : DerivedRowsSchema("month_charges", "mt_doc_chargedloan", "month_charge_rows", "loan_id", Version)
{
    /// <summary>Bump on any change to the script, so that existing databases recreate and refill the table.</summary>
    public const string Version = "v4";

    protected override string RowScript() => Embedded("SharingLedger.Loans.MonthCharges.sql");

    protected override string Columns => """
        tenant_id varchar not null, month varchar not null, kind varchar not null, loan_id uuid not null, request_id varchar not null,
        borrower_id uuid not null, lender_id uuid not null, on_date date not null, recorded_at timestamptz not null,
        amount numeric not null, currency varchar not null, max_cost numeric, max_cost_currency varchar,
        condition_accepted boolean not null, agreement_version integer, basis varchar, lost_on date, adjusts_month varchar,
        primary key (tenant_id, month, kind, loan_id)
        """;

    /// <summary>A loan's rows, what the triggers replace when its document changes.</summary>
    protected override IEnumerable<string> Indexes => [$"create index month_charges_loan on {MonthCharge.Table} (loan_id)"];
}
