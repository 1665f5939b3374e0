using Marten;
using Marten.Services.BatchQuerying;
using NodaTime;
using SharingLedger.Infrastructure.Marten;

namespace SharingLedger.Obligations;

/// <summary>
/// What the obligation sources read for one answer. Today's reads are queued in one Marten batched query, so every source's
/// documents come back from PostgreSQL in one round trip instead of one or more each; the answer as known at an instant
/// rebuilds streams from their events (<see cref="AsKnown"/>), read one by one once the batch has run
/// (docs/decisions.md, "Today's obligations read in one round trip").
/// </summary>
public sealed class ObligationReads(IQuerySession session, IBatchedQuery batch)
{
    public IQuerySession Session { get; } = session;
    public IBatchedQuery Batch { get; } = batch;

    private readonly HashSet<Type> storage = [];

    /// <summary>
    /// A Marten storage feature a queued raw read needs (a derived table): created, if it is not there yet, before the batch runs
    /// (in Production <c>db-apply</c> made it; the check is then in memory).
    /// </summary>
    public void Requires(Type feature) => storage.Add(feature);

    /// <summary>Makes sure of the storage the reads need, then runs the batch: one round trip.</summary>
    public async Task ExecuteAsync(CancellationToken ct)
    {
        foreach (var feature in storage) await Session.Database.EnsureStorageExistsAsync(feature, ct);
        await Batch.Execute(ct);
    }

    /// <summary>A stream's snapshot: today's queued in the batch, as known at <paramref name="knownAt"/> read from its events when awaited.</summary>
    public Func<CancellationToken, Task<T?>> Load<T>(Guid streamId, Instant? knownAt) where T : class
    {
        if (knownAt is not null) return ct => AsKnown.LoadAsync<T>(Session, streamId, knownAt, ct);
        var loaded = Batch.Load<T>(streamId);
        return _ => loaded;
    }

    /// <summary>The member's items of one kind as kept today (<see cref="MemberObligationItems"/>) that count for the query, with the date each counts on.</summary>
    public PendingItems<MemberObligationItem> CountedItems(ObligationQuery q, string kind)
    {
        var stored = Batch.Query<MemberObligationItem>().Where(x => x.MemberId == q.Member.Id && x.Kind == kind).ToList();
        return async _ => MemberObligationItems.Counted(await stored, q);
    }

    /// <summary>The same items without their dates.</summary>
    public PendingItems<ObligationItem> Items(ObligationQuery q, string kind)
    {
        var counted = CountedItems(q, kind);
        return async ct => [.. (await counted(ct)).Select(x => x.Item)];
    }
}

/// <summary>A source's work once the batch has run: the items (or commitments) it read, worked out.</summary>
public delegate Task<IReadOnlyList<T>> PendingItems<T>(CancellationToken ct);
