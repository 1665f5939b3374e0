using Marten;
using NodaTime;
using SharingLedger.Agreements;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure;
using SharingLedger.Infrastructure.Marten;
using SharingLedger.Membership;

namespace SharingLedger.Loans;

/// <summary>
/// Reads what a loan decision is decided against, beyond the loan's own stream: one path for every way a request or a step
/// comes in (the JSON endpoints' Load methods and the ISO 18626 intake). Both read across the borrower's loans or the
/// consortium's settled months, so each takes its advisory lock first (<see cref="WriteLocks"/>) and reads only what the
/// decision needs after it; the decision itself (<see cref="LoanDecisions"/>) runs without the database.
/// </summary>
public static class LoanCommands
{
    /// <summary>The borrower's latest request with this request id that has not ended retry-possible (the one a repeat means).</summary>
    public static Loan? OpenWithRequestId(IEnumerable<Loan> borrowed, Guid borrowerId, string? requestId) =>
        borrowed.Where(l => l.BorrowerId == borrowerId && l.RequestId == requestId && l.State != LoanState.RetryPossible)
            .OrderByDescending(l => l.RequestedOn).FirstOrDefault();

    /// <summary>The facts a new request is decided against: the borrower's quota and open request ids, read under the borrower's lock.</summary>
    public static async Task<RequestContext> RequestContextAsync(IDocumentSession session, Consortium consortium, RequestLoan command, IClock clock, CancellationToken ct)
    {
        var calendar = consortium.Calendar();
        var today = calendar.Today(clock);
        var fiscalYear = calendar.YearOf(command.On ?? today);
        // The borrower's lock (requests of one borrower take turns until the transaction ends), then read under it: how much of
        // its quota the year has used, its requests with the same request id, both members and the agreement's terms. One round
        // trip (a Marten batched query).
        await AgreementTermsBackfill.EnsureAsync(session.Database, ct);
        await session.Database.EnsureStorageExistsAsync(typeof(BorrowerRequestsFeature), ct); // db-apply made it in Production
        var batch = (await WriteLocks.BatchAsync(session, ct)).Borrower(command.BorrowerId).Batch;
        var year = calendar.Year(fiscalYear);
        var requestId = command.RequestId?.Trim() ?? "";
        var quotaUsedRead = BorrowerRequests.UsedAsync(batch, session, command.BorrowerId, Months.In(year));
        var sameIdRead = LoanAccess.WithRequestId(batch.Query<Loan>(), consortium.Id, command.BorrowerId, requestId).ToList();
        var borrowerRead = batch.Load<Member>(command.BorrowerId);
        var lenderRead = batch.Load<Member>(command.LenderId);
        var termsRead = batch.Load<AgreementTerms>(StreamIds.Agreement(consortium.Id));
        await batch.Execute(ct);
        var open = (await sameIdRead).Where(r => r.State != LoanState.RetryPossible).OrderByDescending(r => r.RequestedOn).FirstOrDefault();
        return new RequestContext(today, consortium.BaseCurrency,
            LoanAccess.OfConsortium(await borrowerRead, consortium.Id), LoanAccess.OfConsortium(await lenderRead, consortium.Id),
            await AgreementTermsBackfill.OrWholeAsync(termsRead, session, StreamIds.Agreement(consortium.Id), ct),
            fiscalYear, (int)await quotaUsedRead,
            open is null ? null : await session.LoadAsync<Loan>(open.Id, ct)); // only a conflict reads the whole loan
    }

    /// <summary>
    /// The facts a step on a loan is decided against: the borrower, the agreement, the settled months (under the consortium's
    /// shared clearing lock, so no charge slips into a month being settled) and, for a copy delivery, the free pages the
    /// borrower already used (under the borrower's lock).
    /// </summary>
    public static async Task<LoanContext> ActContextAsync(IDocumentSession session, Consortium consortium, Loan loan, LoanAction what, LoanActionInput command,
        IClock clock, ISettledMonths settled, CancellationToken ct)
    {
        // Both locks, then the borrower, the agreement's terms and the settled months read under them (and for a copy delivered,
        // the pages of the borrower's copies charged that year, for the free pages it used): one round trip.
        await AgreementTermsBackfill.EnsureAsync(session.Database, ct);
        var copy = what == LoanAction.CopyCompleted;
        if (copy) await session.Database.EnsureStorageExistsAsync(typeof(LoanFactsFeature), ct);
        var calendar = consortium.Calendar();
        var today = calendar.Today(clock);
        var batch = (await WriteLocks.BatchAsync(session, ct)).Borrower(loan.BorrowerId).ClearingShared(consortium.Id).Batch;
        var borrowerRead = batch.Load<Member>(loan.BorrowerId);
        var termsRead = batch.Load<AgreementTerms>(StreamIds.Agreement(consortium.Id));
        var settledRead = settled.Of(batch, consortium.Id);
        var chargedRead = copy ? LoanFactsTable.PagesChargedIn(batch, loan.BorrowerId, calendar.Year(calendar.YearOf(command.On ?? today))) : null;
        await batch.Execute(ct);
        var borrower = LoanAccess.OfConsortium(await borrowerRead, consortium.Id)
            ?? throw new InvalidOperationException($"The borrower of loan {loan.Id} is missing.");
        var agreement = await AgreementTermsBackfill.OrWholeAsync(termsRead, session, StreamIds.Agreement(consortium.Id), ct);
        var freePagesUsed = chargedRead is not null ? LendingCharges.AllowancePagesUsed(agreement, await chargedRead) : 0;
        return new LoanContext(today, consortium.BaseCurrency, borrower, agreement, await settledRead, freePagesUsed);
    }
}
