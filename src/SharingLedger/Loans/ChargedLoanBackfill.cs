using Marten;
using SharingLedger.Infrastructure.Marten;
using Weasel.Core;
using Weasel.Core.Migrations;

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
    private static readonly string Schema = MartenSetup.Schema;

    protected override IEnumerable<ISchemaObject> schemaObjects() => [Fill];

    /// <summary>The script: each loan's row from its snapshot, once per database.</summary>
    public static readonly OneOffScript Fill = new("charged_loan_backfilled", ["mt_doc_loan", "mt_doc_chargedloan"], $"""
        INSERT INTO {Schema}.mt_doc_chargedloan (tenant_id, id, data, mt_dotnet_type, mt_version, chargemonth, replacementmonth)
        SELECT tenant_id, id,
               jsonb_build_object('id', data->'id', 'requestId', coalesce(data->'requestId', '""'::jsonb),
                                  'charge', coalesce(data->'charge', 'null'::jsonb), 'replacement', coalesce(data->'replacement', 'null'::jsonb)),
               '{typeof(ChargedLoan).FullName}', 1, data->'charge'->>'month', data->'replacement'->>'month'
        FROM {Schema}.mt_doc_loan
        ON CONFLICT (tenant_id, id) DO UPDATE SET data = excluded.data, chargemonth = excluded.chargemonth,
          replacementmonth = excluded.replacementmonth
        WHERE coalesce({Schema}.mt_doc_chargedloan.data->>'requestId', '') = '';
        """);

    public static void Configure(StoreOptions options) => options.Storage.Add(new ChargedLoanBackfill(options));
}
