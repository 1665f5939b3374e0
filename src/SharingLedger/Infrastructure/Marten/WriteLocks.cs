using Marten;

namespace SharingLedger.Infrastructure.Marten;

/// <summary>
/// PostgreSQL advisory locks held until the session's transaction ends, for the few decisions that read more than the
/// one stream they append to and so cannot rely on the stream's version alone:
/// <list type="bullet">
/// <item>a loan request checks the borrower's quota and open request ids across all its loans: requests of one borrower
/// take turns (<see cref="BorrowerAsync"/>);</item>
/// <item>a charge must not land in a month that a concurrent settlement is clearing without it: loan actions share the
/// consortium's clearing lock, a settlement takes it alone (<see cref="ClearingSharedAsync"/>, <see cref="ClearingExclusiveAsync"/>).</item>
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

    public static Task ClearingSharedAsync(IDocumentSession session, Guid consortiumId, CancellationToken ct) =>
        TakeAsync(session, "pg_advisory_xact_lock_shared", ClearingSpace, consortiumId, ct);

    public static Task ClearingExclusiveAsync(IDocumentSession session, Guid consortiumId, CancellationToken ct) =>
        TakeAsync(session, "pg_advisory_xact_lock", ClearingSpace, consortiumId, ct);

    private static async Task TakeAsync(IDocumentSession session, string function, int space, Guid id, CancellationToken ct)
    {
        await session.BeginTransactionAsync(ct);
        await session.QueryAsync<int>($"select 1 from (select {function}(?, ?)) as locked", ct, space, id.GetHashCode());
    }
}
