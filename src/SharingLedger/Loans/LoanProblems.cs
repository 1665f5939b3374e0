using Microsoft.AspNetCore.Mvc;
using SharingLedger.Infrastructure.Http;
using Wolverine.Marten;

namespace SharingLedger.Loans;

/// <summary>Turns a loan decision into its HTTP answer: a refusal into its problem details, an acceptance into the response and its events.</summary>
public static class LoanProblems
{
    /// <summary>An accepted decision answers <paramref name="accepted"/> (given its events) and hands the events to Wolverine; a refusal appends nothing.</summary>
    public static (IResult, Events) Respond(this LoanDecision decision, Func<IReadOnlyList<object>, IResult> accepted) => decision is LoanDecision.Accepted a
        ? (accepted(a.Events), [.. a.Events])
        : (From(decision), []);

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
