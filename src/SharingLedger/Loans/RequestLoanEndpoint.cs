using Marten;
using NodaTime;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure.Http;
using Wolverine.Http;

namespace SharingLedger.Loans;

public static class RequestLoanEndpoint
{
    /// <summary>Record a loan or copy request (a new stream); 422 when over the borrower's quota, 409 when its request id is already open.</summary>
    [ProducesResponseType(typeof(LoanRequestAccepted), 201)]
    [Allow(Roles.Member, Roles.Finance)]
    [WolverinePost("/consortia/{consortiumId}/loans")]
    public static async Task<IResult> Post(Guid consortiumId, RequestLoan? command, HttpContext http, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        if (command is null) return Problems.BadRequest("The request body is empty.");
        // A member system borrows for itself only; another member's id is "not found" to it.
        if (!Access.Actor.MayActFor(http, command.BorrowerId)) return Problems.NotFound("member", command.BorrowerId);
        var consortium = await session.LoadAsync<Consortium>(consortiumId, ct);
        if (consortium is null) return Problems.NotFound("consortium", consortiumId);

        var requested = await LoanCommands.RequestAsync(session, consortium, command, clock, ct);
        if (requested.Decision is not LoanDecision.Accepted) return LoanProblems.From(requested.Decision);
        var id = requested.LoanId;
        return Results.Created($"/consortia/{consortiumId}/loans/{id}", new { id, state = LoanState.Requested.Name() });
    }
}

/// <summary>A new loan or copy request and its state (requested).</summary>
public sealed record LoanRequestAccepted(Guid Id, LoanState State);
