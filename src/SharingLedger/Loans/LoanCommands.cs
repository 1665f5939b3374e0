using Marten;
using JasperFx.Events;
using NodaTime;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure.Marten;

namespace SharingLedger.Loans;

/// <summary>
/// Loads what a loan decision needs, asks <see cref="LoanDecisions"/>, and appends what it accepts (the caller saves).
/// One path for every way a request or a step comes in: the JSON endpoints and the ISO 18626 intake.
/// </summary>
public static class LoanCommands
{
    /// <summary>The outcome of a request: the decision, and the new loan's id when it is accepted.</summary>
    public sealed record Requested(LoanDecision Decision, Guid LoanId);

    /// <summary>The outcome of an action: the decision, and when accepted the loan's state and version after it.</summary>
    public sealed record Acted(LoanDecision Decision, LoanState State, int Version);

    /// <summary>The borrower's latest request with this request id that has not ended retry-possible (the one a repeat means).</summary>
    public static Loan? OpenWithRequestId(IEnumerable<Loan> borrowed, Guid borrowerId, string? requestId) =>
        borrowed.Where(l => l.BorrowerId == borrowerId && l.RequestId == requestId && l.State != LoanState.RetryPossible)
            .OrderByDescending(l => l.RequestedOn).FirstOrDefault();

    public static async Task<Requested> RequestAsync(IDocumentSession session, Consortium consortium, RequestLoan command, IClock clock, CancellationToken ct)
    {
        await WriteLocks.BorrowerAsync(session, command.BorrowerId, ct); // quota and open request ids are read across the borrower's loans
        var calendar = consortium.Calendar();
        var today = calendar.Today(clock);
        var on = command.On ?? today;
        var fiscalYear = calendar.YearOf(on);
        var borrowed = await LoanAccess.LoansAsync(session, consortium.Id, command.BorrowerId, ct);
        var open = OpenWithRequestId(borrowed, command.BorrowerId, command.RequestId?.Trim());
        var context = new RequestContext(today, consortium.BaseCurrency,
            await LoanAccess.MemberAsync(session, consortium.Id, command.BorrowerId, ct),
            await LoanAccess.MemberAsync(session, consortium.Id, command.LenderId, ct),
            await LoanAccess.AgreementAsync(session, consortium.Id, ct),
            fiscalYear, LendingFigures.RequestsCounted(borrowed, command.BorrowerId, calendar.Year(fiscalYear)), open);

        var id = Guid.CreateVersion7();
        var decision = LoanDecisions.Request(id, consortium.Id, command, context, clock.GetCurrentInstant());
        if (decision is LoanDecision.Accepted accepted) session.Events.StartStream<Loan>(id, [.. accepted.Events]);
        return new Requested(decision, id);
    }

    public static async Task<Acted> ActAsync(IDocumentSession session, Consortium consortium, IEventStream<Loan> stream, LoanAction what,
        LoanActionInput command, IClock clock, CancellationToken ct)
    {
        var loan = stream.Aggregate ?? throw new InvalidOperationException($"Loan {stream.Id} has no events.");
        await WriteLocks.BorrowerAsync(session, loan.BorrowerId, ct);          // the free-page allowance is read across the borrower's loans
        await WriteLocks.ClearingSharedAsync(session, consortium.Id, ct);      // no charge slips into a month being settled
        var borrower = await LoanAccess.MemberAsync(session, consortium.Id, loan.BorrowerId, ct)
            ?? throw new InvalidOperationException($"The borrower of loan {loan.Id} is missing.");
        var calendar = consortium.Calendar();
        var today = calendar.Today(clock);
        var agreement = await LoanAccess.AgreementAsync(session, consortium.Id, ct);
        var freePagesUsed = what == LoanAction.CopyCompleted
            ? LendingDuties.AllowancePagesUsed(agreement, await LoanAccess.LoansAsync(session, consortium.Id, loan.BorrowerId, ct), loan.BorrowerId,
                calendar.Year(calendar.YearOf(command.On ?? today)))
            : 0;
        var context = new LoanContext(today, consortium.BaseCurrency, borrower, agreement,
            await LoanAccess.SettledMonthsAsync(session, consortium.Id, ct), freePagesUsed);
        var decision = LoanDecisions.Act(loan, what, command, context, clock.GetCurrentInstant());
        if (decision is not LoanDecision.Accepted accepted) return new Acted(decision, loan.State, loan.Version);

        // Worked out before appending: the fetched aggregate may be advanced by the save.
        var state = accepted.Events.OfType<ReplacementCharged>().Any() ? LoanState.ReplacementBilled : LoanLifecycle.Next(loan.State, what, loan.ServiceType)!.Value;
        var version = loan.Version + accepted.Events.Count;
        stream.AppendMany(accepted.Events);
        return new Acted(decision, state, version);
    }
}
