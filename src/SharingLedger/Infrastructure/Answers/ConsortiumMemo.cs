using System.Collections.Concurrent;
using Marten;

namespace SharingLedger.Infrastructure.Answers;

/// <summary>
/// A node's copy of a figure worked out for a whole consortium (the reconciliation of a year), kept while the consortium's stamp
/// (<see cref="AnswerInvalidation"/>) is the one it was worked out under: any fact of the consortium no scope narrows to members
/// (a subscription's, a procurement's) changes the stamp, and the next request works the figure out again. The stamp is read before
/// the figure is worked out, so one worked out while a change commits is kept under the old stamp and never used after it. Each node
/// keeps its own copies: at most <see cref="Capacity"/> figures (fifty consortia's lists of subscriptions and a few years'
/// reconciliations) weighing at most <see cref="Budget"/> in all (each figure weighs what its caller says: the lines it holds), the one
/// used longest ago let go to make room; the newest is always kept. A kept figure is shared between requests: only immutable values belong here.
/// </summary>
public sealed class ConsortiumMemo
{
    public const int Capacity = 200;

    /// <summary>
    /// The weight all kept figures may add up to: a million lines (a reconciliation's shares, a list's subscriptions and lines). A
    /// national reconciliation (100 subscriptions of 2,000 members) holds 200,000 shares, 24.7 MB as JSON and about 14 MB in memory
    /// (69 bytes a share, measured with a heap dump: docs/decisions.md, "What a kept reconciliation weighs"): five of them fit, some 70 MB.
    /// </summary>
    public const long Budget = 1_000_000;

    private sealed record Kept(long Stamp, object Value, long Weight)
    {
        public long LastUsed;
    }

    private readonly ConcurrentDictionary<(string Tenant, string Key), Kept> _kept = new();
    private readonly Lock _changing = new();
    private long _uses, _weight;

    /// <summary>What the kept figures weigh together.</summary>
    public long Weight => Interlocked.Read(ref _weight);

    /// <summary>
    /// The figure <paramref name="key"/> of the session's consortium: the copy kept under the current stamp, or <paramref name="compute"/>'s,
    /// kept with the weight <paramref name="weigh"/> gives it (1 when not given).
    /// </summary>
    public async Task<T> GetOrAddAsync<T>(IQuerySession session, string key, Func<Task<T>> compute, CancellationToken ct, Func<T, long>? weigh = null)
        where T : class
    {
        var stamp = await StoredAnswers.ConsortiumStampAsync(session, ct);
        if (_kept.TryGetValue((session.TenantId, key), out var kept) && kept.Stamp == stamp && kept.Value is T value)
        {
            Volatile.Write(ref kept.LastUsed, Interlocked.Increment(ref _uses));
            return value;
        }
        var computed = await compute();
        var added = new Kept(stamp, computed, Math.Max(1, weigh?.Invoke(computed) ?? 1)) { LastUsed = Interlocked.Increment(ref _uses) };
        lock (_changing)
        {
            if (_kept.TryGetValue((session.TenantId, key), out var replaced)) Interlocked.Add(ref _weight, -replaced.Weight);
            _kept[(session.TenantId, key)] = added;
            Interlocked.Add(ref _weight, added.Weight);
            while (_kept.Count > 1 && (_kept.Count > Capacity || Weight > Budget))
            {
                var oldest = _kept.Where(x => !ReferenceEquals(x.Value, added)).MinBy(x => Volatile.Read(ref x.Value.LastUsed));
                if (_kept.TryRemove(oldest.Key, out var gone)) Interlocked.Add(ref _weight, -gone.Weight);
            }
        }
        return computed;
    }
}
