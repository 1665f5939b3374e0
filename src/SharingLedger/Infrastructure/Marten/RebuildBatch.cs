namespace SharingLedger.Infrastructure.Marten;

/// <summary>
/// How many events Marten's daemon reads and applies per batch when it rebuilds the large inline projections (the loans'
/// snapshots and charges, the postings): one read and one transaction per batch instead of per 500 events, Marten's default.
/// Only a rebuild (or an async catch-up) reads in batches; an inline projection's write path is unchanged
/// (docs/performance.md, "Rebuild of the loan snapshots and the postings").
/// </summary>
public static class RebuildBatch
{
    public const int Size = 5_000;
}
