using Wolverine.Marten;

namespace SharingLedger.Infrastructure.Http;

/// <summary>A <see cref="Decision"/> that starts a new stream, as an endpoint of the aggregate handler workflow answers it.</summary>
public static class DecisionStarts
{
    /// <summary>
    /// An accepted decision answers <paramref name="accepted"/> (given the first event) and starts stream
    /// <paramref name="streamId"/> of <typeparamref name="T"/> with its events, which Wolverine saves; a refusal answers its
    /// problem details and starts nothing.
    /// </summary>
    public static (IResult, IMartenOp) RespondStarting<T>(this Decision decision, Guid streamId, Func<object, IResult> accepted) where T : class =>
        decision is Decision.Accepted a
            ? (accepted(a.Events[0]), MartenOps.StartStream<T>(streamId, [.. a.Events]))
            : (decision.Respond(accepted).Item1, MartenOps.Nothing());
}
