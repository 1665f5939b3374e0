using Marten;
using Marten.Services.BatchQuerying;

namespace SharingLedger.Infrastructure.Marten;

/// <summary>
/// PostgreSQL advisory locks held until the session's transaction ends, for the few decisions that read more than the
/// one stream they append to and so cannot rely on the stream's version alone:
/// <list type="bullet">
/// <item>a loan request checks the borrower's quota and open request ids across all its loans: requests of one borrower
/// take turns (<see cref="LockedBatch.Borrower"/>, <see cref="BorrowerAsync"/>);</item>
/// <item>a charge must not land in a month that a concurrent settlement is clearing without it: loan actions share the
/// consortium's clearing lock, a settlement takes it alone (<see cref="LockedBatch.ClearingShared"/>, <see cref="ClearingExclusiveAsync"/>).</item>
/// </list>
/// Each call starts the session's transaction first, so the reads that follow see everything committed before the lock
/// was granted. Keys use PostgreSQL's two-int key space, which does not overlap Marten's own one-bigint locks.
/// </summary>
public static class WriteLocks
{
    private const int BorrowerSpace = 186_261;
    private const int ClearingSpace = 186_262;

    public static Task BorrowerAsync(IDocumentSession session, Guid borrowerId, CancellationToken ct) =>
        TakeAsync(session, "pg_advisory_xact_lock", BorrowerSpace, borrowerId, ct);

    public static Task ClearingExclusiveAsync(IDocumentSession session, Guid consortiumId, CancellationToken ct) =>
        TakeAsync(session, "pg_advisory_xact_lock", ClearingSpace, consortiumId, ct);

    /// <summary>
    /// The same locks as the first items of a batched query, so the lock and the reads it guards are one round trip. The
    /// batch's statements run one after another in the session's transaction (started here), each seeing what was committed
    /// when it starts: the reads queued after the lock see everything committed before it was granted, as they would after
    /// <see cref="BorrowerAsync"/>. Queue the lock before the reads it guards.
    /// </summary>
    public static async Task<LockedBatch> BatchAsync(IDocumentSession session, CancellationToken ct)
    {
        await session.BeginTransactionAsync(ct);
        return new LockedBatch(session.CreateBatchQuery());
    }

    public sealed class LockedBatch(IBatchedQuery batch)
    {
        public IBatchedQuery Batch { get; } = batch;

        public LockedBatch Borrower(Guid borrowerId) => Take("pg_advisory_xact_lock", BorrowerSpace, borrowerId);

        public LockedBatch ClearingShared(Guid consortiumId) => Take("pg_advisory_xact_lock_shared", ClearingSpace, consortiumId);

        private LockedBatch Take(string function, int space, Guid id)
        {
            // Its result is nothing; a failure to take it fails the batch's Execute.
            _ = Batch.Query<string>(LockSql(function), space, id.GetHashCode());
            return this;
        }
    }

    private static string LockSql(string function) => $"select 'locked' from (select {function}(?, ?)) as locked";

    private static async Task TakeAsync(IDocumentSession session, string function, int space, Guid id, CancellationToken ct)
    {
        await session.BeginTransactionAsync(ct);
        await session.QueryAsync<string>(LockSql(function), ct, space, id.GetHashCode());
    }
}
