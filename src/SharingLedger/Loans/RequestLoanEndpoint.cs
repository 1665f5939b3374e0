using Marten;
using NodaTime;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure.Http;
using Wolverine.Http;

namespace SharingLedger.Loans;

public static class RequestLoanEndpoint
{
    /// <summary>Record a loan or copy request (a new stream); 422 when over the borrower's quota, 409 when its request id is already open.</summary>
    [WolverinePost("/consortia/{consortiumId}/loans")]
    public static async Task<IResult> Post(Guid consortiumId, RequestLoan? command, HttpContext http, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        if (command is null) return Problems.BadRequest("The request body is empty.");
        // A member system borrows for itself only; another member's id is "not found" to it.
        if (!Access.Actor.MayActFor(http, command.BorrowerId)) return Problems.NotFound("member", command.BorrowerId);
        var consortium = await session.LoadAsync<Consortium>(consortiumId, ct);
        if (consortium is null) return Problems.NotFound("consortium", consortiumId);

        var calendar = consortium.Calendar();
        var today = calendar.Today(clock);
        var on = command.On ?? today;
        var fiscalYear = calendar.YearOf(on);
        var borrowed = await LoanAccess.LoansAsync(session, consortiumId, command.BorrowerId, ct);
        var requestId = command.RequestId?.Trim();
        var open = borrowed.FirstOrDefault(l => l.BorrowerId == command.BorrowerId && l.RequestId == requestId && l.State != LoanState.RetryPossible);
        var context = new RequestContext(today, consortium.BaseCurrency,
            await LoanAccess.MemberAsync(session, consortiumId, command.BorrowerId, ct),
            await LoanAccess.MemberAsync(session, consortiumId, command.LenderId, ct),
            await LoanAccess.AgreementAsync(session, consortiumId, ct),
            fiscalYear, LendingFigures.RequestsCounted(borrowed, command.BorrowerId, calendar.Year(fiscalYear)), open);

        var id = Guid.CreateVersion7();
        var decision = LoanDecisions.Request(id, consortiumId, command, context, clock.GetCurrentInstant());
        if (decision is not LoanDecision.Accepted accepted) return LoanProblems.From(decision);

        session.Events.StartStream<Loan>(id, [.. accepted.Events]);
        await session.SaveChangesAsync(ct);
        return Results.Created($"/consortia/{consortiumId}/loans/{id}", new { id, state = LoanState.Requested.Name() });
    }
}
