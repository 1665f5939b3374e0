using Microsoft.AspNetCore.Mvc;
using SharingLedger.Infrastructure.Http;

namespace SharingLedger.Loans;

/// <summary>Turns a refused loan decision into its problem details response.</summary>
public static class LoanProblems
{
    public static IResult From(LoanDecision decision) => decision switch
    {
        LoanDecision.NotAllowed n => NotAllowed(n),
        LoanDecision.Conflict c => Problems.Conflict(c.Detail),
        LoanDecision.Invalid i => Problems.RuleViolated(i.Errors),
        _ => throw new ArgumentOutOfRangeException(nameof(decision)),
    };

    /// <summary>409 naming the current state, the action refused and what is allowed instead.</summary>
    private static IResult NotAllowed(LoanDecision.NotAllowed n)
    {
        var details = new ProblemDetails
        {
            Status = StatusCodes.Status409Conflict,
            Title = "Not allowed in the current state",
            Detail = n.Detail,
            Type = "https://sharingledger.example/problems/transition-not-allowed",
        };
        details.Extensions["state"] = n.State.Name();
        details.Extensions["action"] = n.Action.Name();
        details.Extensions["allowedActions"] = n.Allowed.Select(a => a.Name()).ToArray();
        return Results.Problem(details);
    }
}
