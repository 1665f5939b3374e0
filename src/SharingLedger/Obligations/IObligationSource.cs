namespace SharingLedger.Obligations;

/// <summary>
/// One kind of obligation (dues, subscription shares, procurement shares, ...). Each slice registers
/// its own source, so the obligations query grows without that endpoint knowing every slice. A source queues what it reads in
/// <see cref="ObligationReads"/> (today's reads of every source go to PostgreSQL in one batch) and returns the work that turns
/// it into the member's items once the batch has run. With <c>KnownAt</c>, a source answers as the ledger knew things at that
/// instant (<see cref="Infrastructure.Marten.AsKnown"/>); null means now.
/// </summary>
public interface IObligationSource
{
    PendingItems<ObligationItem> Read(ObligationReads reads, ObligationQuery q);
}
