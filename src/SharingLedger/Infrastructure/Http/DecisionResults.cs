using JasperFx.Events;
using Marten;
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
        _ => (Refusal(decision), []),
    };

    /// <summary>
    /// For a command that creates its aggregate: an accepted decision's events start the stream <paramref name="id"/> of
    /// <typeparamref name="T"/> (<see cref="MartenOps.StartStream{T}(Guid, object[])"/>; Wolverine saves it, and a second start
    /// of the same id collides); a refusal starts nothing.
    /// </summary>
    public static (IResult, IMartenOp) Start<T>(this Decision decision, Guid id, Func<object, IResult> accepted) where T : class => decision switch
    {
        Decision.Accepted a => (accepted(a.Events[0]), MartenOps.StartStream<T>(id, [.. a.Events])),
        _ => (Refusal(decision), MartenOps.Nothing()),
    };

    /// <summary>
    /// For a stream a <c>Load</c> method fetched for writing itself (its id depends on the body): an accepted decision's
    /// events are appended to it, under the version it was fetched at; Wolverine saves.
    /// </summary>
    public static IResult AppendTo<T>(this Decision decision, IEventStream<T> stream, Func<object, IResult> accepted) where T : class
    {
        if (decision is not Decision.Accepted a) return Refusal(decision);
        stream.AppendMany(a.Events);
        return accepted(a.Events[0]);
    }

    /// <summary>
    /// For a decision over several streams a <c>Load</c> method fetched for writing itself: an accepted decision's events are each
    /// appended by <paramref name="append"/> to the stream it belongs on, under the versions fetched; Wolverine saves them in one
    /// transaction, so all are recorded or none (a write committed first on any of the streams makes the save a 409).
    /// </summary>
    public static IResult AppendEach(this Decision decision, Action<object> append, Func<IReadOnlyList<object>, IResult> accepted)
    {
        if (decision is not Decision.Accepted a) return Refusal(decision);
        foreach (var e in a.Events) append(e);
        return accepted(a.Events);
    }

    private static IResult Refusal(Decision decision) => decision switch
    {
        Decision.NotFound n => Problems.NotFound(n.What, n.Id),
        Decision.Conflict c => Problems.Conflict(c.Detail),
        Decision.Invalid i => Problems.RuleViolated(i.Errors),
        _ => throw new ArgumentOutOfRangeException(nameof(decision), decision, null),
    };
}
