using System.Text.Json.Serialization;
using Marten;

namespace SharingLedger.Audit;

/// <summary>
/// The first place a figure derived from the events (a posting, a running total) differs from what recomputing it from the
/// events gives: which kind of figure (<c>figure</c>: "posting", "member-totals", "item-totals"), its key, the event it
/// comes from when there is one, and what differs: <c>reason</c> in English, <c>code</c> for systems.
/// </summary>
public sealed record DerivedBreak(string Figure, string Key, long? Sequence, Guid? EventId, string Code, string Reason)
{
    public static DerivedBreak Of(string figure, string key, long? sequence, Guid? eventId, BreakReason why) => new(figure, key, sequence, eventId, why.Code, why.Text) { Why = why };

    /// <summary>The reason's template and values, for the console to show it in the reader's language.</summary>
    [JsonIgnore] public BreakReason? Why { get; init; }
}

/// <summary>One kind of derived figure checked: how many were compared and the first that differs (null: all match).</summary>
public sealed record DerivedCheck(string Figure, long Checked, DerivedBreak? FirstBreak);

/// <summary>
/// A slice whose stored figures are derived from the events (the Ledger's postings and their running totals) plugs its check
/// in here, so the audit verification recomputes them without naming the slice. Runs in the session's tenant (one consortium).
/// </summary>
public interface IDerivedFiguresCheck
{
    Task<IReadOnlyList<DerivedCheck>> CheckAsync(IQuerySession session, Guid consortiumId, CancellationToken ct);
}

public static class DerivedFigures
{
    /// <summary>
    /// Every check of the consortium's derived figures, <see cref="AtOnce"/> at a time, each in a query session of its own, the answers
    /// in the checks' order. A check spends its time mostly in PostgreSQL or mostly in .NET, and one after another left a core idle:
    /// at national size 22.5–24.0 s one after another, 18.8–21.1 s two at a time, 14.7–17.1 s with the kept documents' figures two at a
    /// time as well (docs/performance.md).
    /// </summary>
    public static async Task<IReadOnlyList<DerivedCheck>> CheckAllAsync(IDocumentStore store, string tenant, IEnumerable<IDerivedFiguresCheck> checks,
        Guid consortiumId, CancellationToken ct) =>
        [.. (await EachInOwnSessionAsync(store, tenant, [.. checks], (session, check, token) => check.CheckAsync(session, consortiumId, token), ct)).SelectMany(a => a)];

    /// <summary><paramref name="each"/> of <paramref name="items"/>, <see cref="AtOnce"/> at a time, each in a query session of the tenant's own; the answers in the items' order.</summary>
    public static async Task<TAnswer[]> EachInOwnSessionAsync<TItem, TAnswer>(IDocumentStore store, string tenant, IReadOnlyList<TItem> items,
        Func<IQuerySession, TItem, CancellationToken, Task<TAnswer>> each, CancellationToken ct)
    {
        var answers = new TAnswer[items.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, items.Count), new ParallelOptions { MaxDegreeOfParallelism = AtOnce, CancellationToken = ct }, async (i, token) =>
        {
            await using var session = store.QuerySession(tenant);
            answers[i] = await each(session, items[i], token);
        });
        return answers;
    }

    /// <summary>
    /// Checks run at once: two. On two cores under a member system's full read load, one at a time left the node 2,200–3,200 reads a
    /// second meanwhile and took 37–46 s; two left 860–960 and took 22–32 s. The verification is rare and an auditor waits on it (a
    /// proxy's limit too); the reads return to their rate when it ends, and a second node serves them meanwhile (docs/decisions.md).
    /// </summary>
    public const int AtOnce = 2;
}
