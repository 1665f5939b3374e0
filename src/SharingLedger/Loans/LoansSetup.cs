using JasperFx.Events.Projections;
using Marten;
using SharingLedger.Infrastructure.Marten;

namespace SharingLedger.Loans;

/// <summary>What the Loans slice (requests and their lifecycle) registers: the loan's inline snapshot, its charges for the clearing, and their indexes.</summary>
public static class LoansSetup
{
    /// <summary>How full (per cent) an insert leaves a page of loan snapshots or charged loans.</summary>
    public const int PageFill = 70;

    public static IServiceCollection AddLoans(this IServiceCollection services)
    {
        services.AddSingleton<Infrastructure.Answers.IAnswerScope, LoanAnswerScope>(); // a loan's events change its two parties' answers only
        services.AddSingleton<Audit.IDerivedFiguresCheck, LoanFiguresVerification>(); // the audit verification recomputes the counts and the month's charges
        services.ConfigureMarten(opts =>
        {
            opts.Projections.Snapshot<Loan>(SnapshotLifecycle.Inline, asyncConfiguration: o => o.BatchSize = RebuildBatch.Size);
            // Borrower and lender as indexed columns: a request reads only its borrower's loans, a member's loans are two index
            // ranges, not a scan of the consortium's loans through a JSON cast (docs/decisions.md, "Fast at the size of a national network").
            // The borrower's index is the one behind its request ids (LoanIndexes); the consortium is the tenant, so no index of its own.
            opts.Schema.For<Loan>().Duplicate(l => l.LenderId);
            // Room on each page for a loan's next versions: a step writes the snapshot again (a charge its ChargedLoan) without
            // changing an indexed column, so the new version can stay on its page, a heap-only update with no new entry in the
            // table's indexes; at PostgreSQL's default (pages filled to the brim) most moved to another page (docs/decisions.md,
            // "Room on a loan's page for its next steps"). Marten sets it on new tables and db-apply on existing ones.
            opts.Schema.For<Loan>().FillFactor(PageFill);
            opts.Schema.For<ChargedLoan>().FillFactor(PageFill);
            opts.Policies.ForAllDocuments(LoanIndexes);
            // A loan's charges in a narrow document of its own beside the snapshot, the months of its lending charge and replacement
            // bill kept as columns (LoanIndexes); a month's clearing reads them as month_charges' rows, below (docs/decisions.md,
            // "A month's charges in a table of their own", "A month's charges as plain columns").
            opts.Projections.Add(new ChargedLoanProjection(), ProjectionLifecycle.Inline);
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
    /// The loans' columns beside their JSON, and the one index a new request's check reads (docs/decisions.md, "A request id found
    /// by one index probe"): the borrower and its request id, (borrower, request id), so that finding the borrower's requests with a
    /// request id is one probe whatever the borrower's history; it also serves every read by borrower. The requested month stays a
    /// column (the quota's counts, <c>BorrowerRequests.sql</c>, and the audit's recount group by it) without an index: the quota is
    /// read from <see cref="BorrowerRequests"/>. Not Marten's <c>Duplicate</c>, which would index each column alone.
    /// <para>
    /// A <see cref="ChargedLoan"/>'s two months stay columns (the backfill and older readers write them) without their indexes: a
    /// month's clearing reads <c>ledger.month_charges</c>, and an index nobody reads is paid for by every loan written.
    /// </para>
    /// </summary>
    private static void LoanIndexes(Marten.Schema.DocumentMapping mapping)
    {
        if (mapping.DocumentType == typeof(Loan))
        {
            mapping.DuplicateField(nameof(Loan.RequestedMonth));
            mapping.AddIndex(mapping.DuplicateField(nameof(Loan.BorrowerId)).ColumnName, mapping.DuplicateField(nameof(Loan.RequestId)).ColumnName);
        }
        else if (mapping.DocumentType == typeof(ChargedLoan))
        {
            mapping.DuplicateField([typeof(ChargedLoan).GetProperty(nameof(ChargedLoan.Charge))!, typeof(LendingCharged).GetProperty(nameof(LendingCharged.Month))!]);
            mapping.DuplicateField([typeof(ChargedLoan).GetProperty(nameof(ChargedLoan.Replacement))!, typeof(ReplacementCharged).GetProperty(nameof(ReplacementCharged.Month))!]);
        }
    }
}
