using Wolverine.Marten;

namespace SharingLedger.Infrastructure.Http;

/// <summary>A <see cref="Decision"/> as an endpoint of the aggregate handler workflow answers it: the response, and the events Wolverine appends.</summary>
public static class DecisionResults
{
    /// <summary>
    /// An accepted decision answers <paramref name="accepted"/> (given the first event) and hands its events to Wolverine, which
    /// appends them to the aggregate's stream under the version it was loaded at and saves; a refusal answers its problem
    /// details and appends nothing.
    /// </summary>
    public static (IResult, Events) Respond(this Decision decision, Func<object, IResult> accepted) => decision switch
    {
        Decision.Accepted a => (accepted(a.Events[0]), [.. a.Events]),
        Decision.NotFound n => (Problems.NotFound(n.What, n.Id), []),
        Decision.Conflict c => (Problems.Conflict(c.Detail), []),
        Decision.Invalid i => (Problems.RuleViolated(i.Errors), []),
        _ => throw new ArgumentOutOfRangeException(nameof(decision), decision, null),
    };
}
