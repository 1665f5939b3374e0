using System.Diagnostics;
using Marten;

namespace SharingLedger.Obligations;

/// <summary>What <c>rebuild-member-items</c> kept again for one consortium: per figure, the snapshots and the documents kept.</summary>
public sealed record MemberItemsRebuildResult(IReadOnlyList<(string Figure, int Snapshots, long Documents)> Figures, TimeSpan Took);

/// <summary>
/// Keeps again, from the stored snapshots, what the shared costs' projections keep beside them (<see cref="IKeptBeside"/>): after a
/// rebuild of those projections (Marten raises no side effects then) or a change to what makes the documents. One snapshot per
/// transaction, read <c>for update</c>, so a write to one of them either lands first and is what is kept, or waits and keeps its
/// own after; running nodes need not stop.
/// </summary>
public static class MemberItemsRebuild
{
    /// <summary>
    /// Snapshots per transaction: one. A subscription at national size keeps 4,000 documents (0.7 s to keep again): a write to it waits
    /// that long at most, not for its neighbours' too (ten a transaction held each for 6.7 s).
    /// </summary>
    private const int Page = 1;

    public static async Task<MemberItemsRebuildResult> RebuildAsync(IDocumentStore store, IEnumerable<IKeptBeside> kept, string tenant, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var figures = new List<(string, int, long)>();
        foreach (var figure in kept)
        {
            IReadOnlyList<Guid> sources;
            await using (var query = store.QuerySession(tenant)) sources = await figure.SourcesAsync(query, ct);
            var documents = 0L;
            foreach (var page in sources.Chunk(Page))
            {
                await using var session = store.LightweightSession(tenant);
                documents += await figure.KeepAgainAsync(session, page, ct);
                await session.SaveChangesAsync(ct);
            }
            figures.Add((figure.Figure, sources.Count, documents));
        }
        // Answers stored from the documents as they were (a member's obligations, its first page of subscriptions) are out of date. Stamped
        // after the commits, as the other repairs do: a write stamps its answers before it reaches the snapshot this would hold locked.
        await using (var stamp = store.LightweightSession(tenant))
        {
            await Infrastructure.Answers.AnswerInvalidation.ConsortiumChangedAsync(stamp, ct);
            await stamp.SaveChangesAsync(ct);
        }
        return new MemberItemsRebuildResult(figures, clock.Elapsed);
    }
}
