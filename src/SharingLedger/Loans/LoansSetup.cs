using JasperFx.Events.Projections;
using Marten;
using Marten.Schema.Indexing.Unique;
using SharingLedger.Infrastructure.Marten;

namespace SharingLedger.Loans;

/// <summary>What the Loans slice (requests and their lifecycle) registers: the loan's inline snapshot, its charges for the clearing, and their indexes.</summary>
public static class LoansSetup
{
    public static IServiceCollection AddLoans(this IServiceCollection services)
    {
        services.AddSingleton<Infrastructure.Answers.IAnswerScope, LoanAnswerScope>(); // a loan's events change its two parties' answers only
        services.AddSingleton<Audit.IDerivedFiguresCheck, LoanFiguresVerification>(); // the audit verification recomputes the counts and the month's charges
        services.ConfigureMarten(opts =>
        {
            opts.Projections.Snapshot<Loan>(SnapshotLifecycle.Inline, asyncConfiguration: o => o.BatchSize = RebuildBatch.Size);
            // Borrower and lender as indexed columns: a request reads only its borrower's loans, a member's loans are two index
            // ranges, not a scan of the consortium's loans through a JSON cast (docs/decisions.md, "Fast at the size of a national network").
            opts.Schema.For<Loan>().Index(l => l.ConsortiumId).Duplicate(l => l.BorrowerId).Duplicate(l => l.LenderId);
            opts.Policies.ForAllDocuments(BorrowerIndexes);
            // What a month's clearing reads, in a narrow document of its own beside the snapshot, the month of its lending charge and
            // of its replacement bill each an indexed column with the consortium (tenant): a month is two index ranges over small rows
            // (docs/decisions.md, "A month's charges in a table of their own").
            opts.Projections.Add(new ChargedLoanProjection(), ProjectionLifecycle.Inline);
            opts.Schema.For<ChargedLoan>()
                .Duplicate(c => c.Charge!.Month, configure: i => i.TenancyScope = TenancyScope.PerTenant)
                .Duplicate(c => c.Replacement!.Month, configure: i => i.TenancyScope = TenancyScope.PerTenant);
            ChargedLoanBackfill.Configure(opts); // a database with loans from before ChargedLoan gets theirs once, from the snapshots
            // And those charges again as plain columns, one row per loan and kind, kept by triggers on the documents: a month's clearing
            // reads them without JSON (docs/decisions.md, "A month's charges as plain columns").
            MonthChargesFeature.Configure(opts);
            // A borrower's requests that count towards its quota, by month, kept by triggers on the snapshots: a request reads twelve
            // rows at most (docs/decisions.md, "A borrower's requests counted by month").
            BorrowerRequestsFeature.Configure(opts);
            // Each loan's lending facts as plain columns, kept by triggers on the snapshots: a member's obligations read its loans
            // without their JSON (docs/decisions.md, "A member's loans read as plain columns").
            LoanFactsFeature.Configure(opts);
        });
        return services;
    }

    /// <summary>
    /// A new request's two checks read one index range of its borrower (docs/decisions.md, "A loan request counts its quota and
    /// finds its request id through an index"): the loan's requested month and request id duplicated into columns and indexed
    /// behind the borrower, (borrower, month, request id). The quota counts the fiscal year's months of that range, not the
    /// borrower's whole history; a request id is matched in the index itself. One index, not Marten's <c>Duplicate</c>, which
    /// would index each column alone (unused by these checks, and kept up by every loan write). Marten fills the new columns
    /// from the documents when the migration adds them.
    /// </summary>
    private static void BorrowerIndexes(Marten.Schema.DocumentMapping mapping)
    {
        if (mapping.DocumentType != typeof(Loan)) return;
        mapping.AddIndex("borrower_id", mapping.DuplicateField(nameof(Loan.RequestedMonth)).ColumnName, mapping.DuplicateField(nameof(Loan.RequestId)).ColumnName);
    }
}
