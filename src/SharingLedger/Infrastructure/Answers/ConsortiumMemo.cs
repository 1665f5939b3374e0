using System.Collections.Concurrent;
using Marten;

namespace SharingLedger.Infrastructure.Answers;

/// <summary>
/// A node's copy of a figure worked out for a whole consortium (the reconciliation of a year), kept while the consortium's stamp
/// (<see cref="AnswerInvalidation"/>) is the one it was worked out under: any fact of the consortium no scope narrows to members
/// (a subscription's, a procurement's) changes the stamp, and the next request works the figure out again. The stamp is read before
/// the figure is worked out, so one worked out while a change commits is kept under the old stamp and never used after it. Each node
/// keeps its own copies; at most <see cref="Capacity"/> (fifty consortia's lists of subscriptions and a few years' reconciliations),
/// the one used longest ago let go to make room. A kept figure is shared between requests: only immutable values belong here.
/// </summary>
public sealed class ConsortiumMemo
{
    public const int Capacity = 200;

    private sealed record Kept(long Stamp, object Value)
    {
        public long LastUsed;
    }

    private readonly ConcurrentDictionary<(string Tenant, string Key), Kept> _kept = new();
    private long _uses;

    /// <summary>The figure <paramref name="key"/> of the session's consortium: the copy kept under the current stamp, or <paramref name="compute"/>'s.</summary>
    public async Task<T> GetOrAddAsync<T>(IQuerySession session, string key, Func<Task<T>> compute, CancellationToken ct) where T : class
    {
        var stamp = await StoredAnswers.ConsortiumStampAsync(session, ct);
        if (_kept.TryGetValue((session.TenantId, key), out var kept) && kept.Stamp == stamp && kept.Value is T value)
        {
            Volatile.Write(ref kept.LastUsed, Interlocked.Increment(ref _uses));
            return value;
        }
        var computed = await compute();
        _kept[(session.TenantId, key)] = new Kept(stamp, computed) { LastUsed = Interlocked.Increment(ref _uses) };
        while (_kept.Count > Capacity) _kept.TryRemove(_kept.MinBy(x => Volatile.Read(ref x.Value.LastUsed)).Key, out _);
        return computed;
    }
}
