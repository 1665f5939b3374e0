using Marten;
using NodaTime;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure.Http;
using Wolverine.Http;
using Wolverine.Marten;

namespace SharingLedger.Loans;

// BeforeAsync finds the consortium (read once per node: EstablishedConsortia); Validate answers 400/404; LoadAsync reads the
// borrower's loans under its lock (RequestContext); the pure decision (LoanDecisions.Request) answers, and an accepted request starts the loan's
// stream, saved by Wolverine (AutoApplyTransactions) when the lock is released with the transaction.
public static class RequestLoanEndpoint
{
    public static Task<Consortium?> BeforeAsync(Guid consortiumId, IDocumentSession session, EstablishedConsortia consortia, CancellationToken ct) =>
        consortia.FindAsync(session, consortiumId, ct);

    public static IResult Validate(RequestLoan? command, Guid consortiumId, Consortium? consortium, HttpContext http)
    {
        if (command is null) return Problems.BadRequest("The request body is empty.");
        // A member system borrows for itself only; another member's id is "not found" to it.
        if (!Access.Actor.MayActFor(http, command.BorrowerId)) return Problems.NotFound("member", command.BorrowerId);
        if (consortium is null) return Problems.NotFound("consortium", consortiumId);
        return WolverineContinue.Result();
    }

    public static Task<RequestContext> LoadAsync(RequestLoan? command, Consortium? consortium, IDocumentSession session, IClock clock, CancellationToken ct) =>
        LoanCommands.RequestContextAsync(session, consortium!, command!, clock, ct);

    /// <summary>Record a loan or copy request (a new stream); 422 when over the borrower's quota, 409 when its request id is already open.</summary>
    [ProducesResponseType(typeof(LoanRequestAccepted), 201)]
    [Allow(Roles.Member, Roles.Finance)]
    [WolverinePost("/consortia/{consortiumId}/loans")]
    public static (IResult, IMartenOp) Post(RequestLoan? command, RequestContext facts, IClock clock, Consortium? consortium)
    {
        var id = Guid.CreateVersion7();
        return LoanDecisions.Request(id, consortium!.Id, command!, facts, clock.GetCurrentInstant()) switch
        {
            LoanDecision.Accepted a => (Results.Created($"/consortia/{consortium.Id}/loans/{id}", new { id, state = LoanState.Requested.Name() }),
                MartenOps.StartStream<Loan>(id, [.. a.Events])),
            var refused => (LoanProblems.From(refused), MartenOps.Nothing()),
        };
    }
}

/// <summary>A new loan or copy request and its state (requested).</summary>
public sealed record LoanRequestAccepted(Guid Id, LoanState State);
