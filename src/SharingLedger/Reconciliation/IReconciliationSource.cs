using Marten;
using NodaTime;
using SharingLedger.Consortia;

namespace SharingLedger.Reconciliation;

/// <summary>One kind of shared cost (subscriptions, procurements) as reconciliation lines for a fiscal year.</summary>
public interface IReconciliationSource
{
    Task<IReadOnlyList<ReconciliationLine>> ForYearAsync(IQuerySession session, Consortium consortium, DateInterval fiscalYear, CancellationToken ct);
}
