using Marten;
using NodaTime;

namespace SharingLedger.Infrastructure.Marten;

/// <summary>
/// A stream's state as the ledger knew it at an instant: its events up to the last one recorded at or before it
/// (<see cref="RecordedInstant"/>), aggregated by the stream's own snapshot rules. With no instant, the stored snapshot.
/// Nothing is stored: this is how "what did we tell member X on 31 March" is answered for any past instant.
/// </summary>
public static class AsKnown
{
    public static async Task<T?> LoadAsync<T>(IQuerySession session, Guid streamId, Instant? knownAt, CancellationToken ct) where T : class
    {
        if (knownAt is not { } at) return await session.LoadAsync<T>(streamId, ct);
        var events = await session.Events.FetchStreamAsync(streamId, token: ct);
        var known = events.TakeWhile(e => RecordedInstant.Of(e) <= at).LastOrDefault();
        return known is null ? null : await session.Events.AggregateStreamAsync<T>(streamId, version: known.Version, token: ct);
    }

    /// <summary>The given current snapshots as known at the instant; streams not yet started then are left out.</summary>
    public static async Task<IReadOnlyList<T>> ManyAsync<T>(IQuerySession session, IReadOnlyList<T> current, Func<T, Guid> streamId,
        Instant? knownAt, CancellationToken ct) where T : class
    {
        if (knownAt is null) return current;
        var known = new List<T>(current.Count);
        foreach (var doc in current)
            if (await LoadAsync<T>(session, streamId(doc), knownAt, ct) is { } then) known.Add(then);
        return known;
    }
}
