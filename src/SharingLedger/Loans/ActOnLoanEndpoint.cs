using Marten;
using JasperFx.Events;
using NodaTime;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure.Http;
using Wolverine.Http;
using Wolverine.Http.Marten;
using Wolverine.Marten;

namespace SharingLedger.Loans;

/// <summary>A step on a loan: the action named in the route and what it is decided against besides the loan.</summary>
public sealed record LoanStepFacts(LoanAction Action, LoanContext Context);

// Wolverine fetches the loan's stream for writing ([WriteAggregate]) and BeforeAsync finds the consortium (read once per node:
// EstablishedConsortia); Validate answers 400/404/403/409; LoadAsync reads the facts under the borrower's and the clearing locks;
// the pure decision (LoanDecisions.Act) answers; Wolverine appends its events at the version the loan was fetched at and saves.
public static class ActOnLoanEndpoint
{
    public static Task<Consortium?> BeforeAsync(Guid consortiumId, IDocumentSession session, EstablishedConsortia consortia, CancellationToken ct) =>
        consortia.FindAsync(session, consortiumId, ct);

    public static IResult Validate(Guid consortiumId, Guid loanId, string action, LoanActionInput? command, Consortium? consortium,
        IEventStream<Loan> loan, HttpContext http)
    {
        if (command is null) return Problems.BadRequest("The request body is empty.");
        if (consortium is null) return Problems.NotFound("consortium", consortiumId);
        if (loan.Aggregate is not { } current || current.ConsortiumId != consortiumId || !LoanAccess.IsParty(http, current)) return Problems.NotFound("loan", loanId);
        if (!LoanActionNames.TryParse(action, out var what))
            return Problems.NotFound($"action '{action}' on loans (known: {string.Join(", ", Enum.GetValues<LoanAction>().Select(a => a.Name()))}); loan", loanId);
        if (!LoanSides.MayTake(http, current, what))
            return Problems.Forbidden($"Only the {(LoanSides.IsBorrowerAction(what) ? "borrower" : "lender")} may record '{action}'.");
        if (command.ExpectedVersion is { } expected && expected != current.Version)
            return Problems.Conflict($"The loan is at version {current.Version}, not {expected}; reload it and try again.");
        return WolverineContinue.Result();
    }

    public static async Task<LoanStepFacts> LoadAsync(string action, LoanActionInput? command, Consortium? consortium, IEventStream<Loan> loan,
        IDocumentSession session, IClock clock, ISettledMonths settled, CancellationToken ct)
    {
        LoanActionNames.TryParse(action, out var what);
        return new LoanStepFacts(what, await LoanCommands.ActContextAsync(session, consortium!, loan.Aggregate!, what, command!, clock, settled, ct));
    }

    /// <summary>
    /// The lender's answer or the borrower's action on a request (<c>action</c>: expectToSupply, willSupply, holdPlaced, conditional,
    /// acceptCondition, declineCondition, unfilled, retryPossible, shipped, received, overdue, recalled, renewed, returnShipped,
    /// loanCompleted, copyCompleted, completedWithoutReturn, cancelled, lost, billReplacement, damaged). A step the lifecycle table
    /// does not allow from the current state is a 409 naming that state.
    /// </summary>
    [ProducesResponseType(typeof(LoanActed), 200)]
    [Allow(Roles.Member, Roles.Finance)]
    [WolverinePost("/consortia/{consortiumId}/loans/{loanId}/{action}")]
    [Infrastructure.Api.PathEnum("action", typeof(LoanAction))]
    public static (IResult, Events) Post(Guid loanId, LoanActionInput? command, LoanStepFacts step, IClock clock,
        Consortium? consortium, [WriteAggregate("loanId", Required = false)] Loan? loan) =>
        LoanDecisions.Act(loan!, step.Action, command!, step.Context, clock.GetCurrentInstant()).Respond(accepted =>
        {
            var (state, version) = LoanDecisions.After(loan!, step.Action, accepted);
            return Results.Ok(new { id = loanId, state = state.Name(), version });
        });
}

/// <summary>The loan after the step: its new state and version (for <c>expectedVersion</c> on the next step).</summary>
public sealed record LoanActed(Guid Id, LoanState State, int Version);
