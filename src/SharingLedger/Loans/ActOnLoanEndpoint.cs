using Marten;
using NodaTime;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure.Http;
using Wolverine.Http;

namespace SharingLedger.Loans;

public static class ActOnLoanEndpoint
{
    /// <summary>
    /// The lender's answer or the borrower's action on a request (<c>action</c>: expectToSupply, willSupply, holdPlaced, conditional,
    /// acceptCondition, declineCondition, unfilled, retryPossible, shipped, received, overdue, recalled, renewed, returnShipped,
    /// loanCompleted, copyCompleted, completedWithoutReturn, cancelled, lost, billReplacement, damaged). A step the lifecycle table
    /// does not allow from the current state is a 409 naming that state.
    /// </summary>
    [ProducesResponseType(typeof(LoanActed), 200)]
    [Allow(Roles.Member, Roles.Finance)]
    [WolverinePost("/consortia/{consortiumId}/loans/{loanId}/{action}")]
    public static async Task<IResult> Post(Guid consortiumId, Guid loanId, string action, LoanActionInput? command, HttpContext http, IDocumentSession session,
        IClock clock, CancellationToken ct)
    {
        if (command is null) return Problems.BadRequest("The request body is empty.");
        var consortium = await session.LoadAsync<Consortium>(consortiumId, ct);
        if (consortium is null) return Problems.NotFound("consortium", consortiumId);
        var stream = await session.Events.FetchForWriting<Loan>(loanId, ct);
        if (stream.Aggregate is not { } loan || loan.ConsortiumId != consortiumId || !LoanAccess.IsParty(http, loan)) return Problems.NotFound("loan", loanId);
        if (!LoanActionNames.TryParse(action, out var what))
            return Problems.NotFound($"action '{action}' on loans (known: {string.Join(", ", Enum.GetValues<LoanAction>().Select(a => a.Name()))}); loan", loanId);
        if (!LoanSides.MayTake(http, loan, what))
            return Problems.Forbidden($"Only the {(LoanSides.IsBorrowerAction(what) ? "borrower" : "lender")} may record '{action}'.");
        if (command.ExpectedVersion is { } expected && expected != loan.Version)
            return Problems.Conflict($"The loan is at version {loan.Version}, not {expected}; reload it and try again.");

        var acted = await LoanCommands.ActAsync(session, consortium, stream, what, command, clock, ct);
        if (acted.Decision is not LoanDecision.Accepted) return LoanProblems.From(acted.Decision);
        var (state, version) = (acted.State, acted.Version);
        return Results.Ok(new { id = loanId, state = state.Name(), version });
    }
}

/// <summary>The loan after the step: its new state and version (for <c>expectedVersion</c> on the next step).</summary>
public sealed record LoanActed(Guid Id, LoanState State, int Version);
