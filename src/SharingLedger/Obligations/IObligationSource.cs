using Marten;
using NodaTime;
using SharingLedger.Consortia;
using SharingLedger.Membership;

namespace SharingLedger.Obligations;

/// <summary>
/// One kind of obligation (dues, subscription shares, procurement shares, ...). Each slice registers
/// its own source, so the obligations query grows without that endpoint knowing every slice. With <c>knownAt</c>, a source
/// answers as the ledger knew things at that instant (<see cref="Infrastructure.Marten.AsKnown"/>); null means now.
/// </summary>
public interface IObligationSource
{
    Task<IReadOnlyList<ObligationItem>> ForMemberAsync(IQuerySession session, ObligationQuery q, CancellationToken ct);
}
