using Marten;
using Marten.Services.BatchQuerying;
using SharingLedger.Infrastructure.Marten;
using Weasel.Core;
using Weasel.Core.Migrations;

namespace SharingLedger.Loans;

/// <summary>
/// How many of each borrower's requests of each month count towards its quota (<see cref="LendingFigures.CountsTowardQuota(LoanState)"/>),
/// in <c>ledger.borrower_requests</c>, kept by statement triggers on the loans' snapshots (<c>BorrowerRequests.sql</c>). A loan request
/// reads its borrower's quota used as at most twelve rows (the fiscal year's months), whatever the borrower's history; counting its
/// requests took one visit, and one look into the JSON, per request of the year (docs/decisions.md, "A borrower's requests counted by month").
/// </summary>
public static class BorrowerRequests
{
    public const string Table = MartenSetup.Schema + ".borrower_requests";

    /// <summary>The borrower's requests in <paramref name="months"/> (yyyy-MM) that count towards its quota, as one item of a batched query.</summary>
    public static async Task<long> UsedAsync(IBatchedQuery batch, IQuerySession session, Guid borrowerId, IReadOnlyList<string> months)
    {
        // As text: a batch's raw SQL reads into reference types.
        var rows = batch.Query<string>($"select coalesce(sum(counted), 0)::text from {Table} where tenant_id = ? and borrower_id = ? and month = any(?)",
            session.TenantId, borrowerId, months.ToArray());
        return long.Parse((await rows).Single(), System.Globalization.CultureInfo.InvariantCulture);
    }
}

/// <summary>The counts' table and its triggers as a Marten storage feature after the loans' table (<c>db-apply</c>, or on first use).</summary>
public sealed class BorrowerRequestsFeature(StoreOptions options) : FeatureSchemaBase(nameof(BorrowerRequestsFeature), options.Advanced.Migrator)
{
    public override IEnumerable<Type> DependentTypes() => [typeof(Loan)];

    protected override IEnumerable<ISchemaObject> schemaObjects() => [new BorrowerRequestsSchema()];

    public static void Configure(StoreOptions options) => options.Storage.Add(new BorrowerRequestsFeature(options));
}

/// <summary><c>BorrowerRequests.sql</c> as one schema object, there when the insert trigger of its <see cref="Version"/> is.</summary>
public sealed class BorrowerRequestsSchema() : TriggerScriptSchema(MartenSetup.Schema, "borrower_requests", "mt_doc_loan", Trigger("insert"))
{
    /// <summary>Bump on any change to the script, so that existing databases recreate and refill the table.</summary>
    public const string Version = "v3";

    private static string Trigger(string on) => $"borrower_requests_{Version}_{on}";

    private const string Loans = MartenSetup.Schema + ".mt_doc_loan";

    public override string Script() => Embedded("SharingLedger.Loans.BorrowerRequests.sql")
        .Replace("__version__", Version)
        .Replace("__not_counting__", string.Join(", ", LendingFigures.NotCountingTowardQuota.Select(s => $"'{s}'")));

    public override void WriteDropStatement(Migrator rules, TextWriter writer)
    {
        foreach (var on in new[] { "insert", "update", "delete", "truncate" }) writer.WriteLine($"drop trigger if exists {Trigger(on)} on {Loans};");
        foreach (var function in new[] { "borrower_requests_inserted()", "borrower_requests_updated()", "borrower_requests_deleted()",
                     "borrower_requests_clear()", "borrower_requests_refill(varchar[])", "borrower_request_counts(text)" })
            writer.WriteLine($"drop function if exists {MartenSetup.Schema}.{function};");
        writer.WriteLine($"drop table if exists {BorrowerRequests.Table};");
    }
}
