using JasperFx.Events;
using Marten;
using Marten.Events.Aggregation;
using SharingLedger.Obligations;

namespace SharingLedger.Clearing;

/// <summary>
/// The inline snapshot of a settled month (<see cref="ClearingSettlement"/> applies its own events), and, as it is saved,
/// the month's item in the obligations of every member that took part (<see cref="MemberObligationItems"/>).
/// </summary>
public sealed partial class ClearingSettlementProjection : SingleStreamProjection<ClearingSettlement, Guid>
{
    public static ClearingSettlement Create(ClearingSettled e) => ClearingSettlement.Create(e);

    public static void Apply(ClearingRestated e, ClearingSettlement s) => s.Apply(e);

    public override ValueTask RaiseSideEffects(IDocumentOperations operations, IEventSlice<ClearingSettlement> slice)
    {
        if (slice.Snapshot is { } s) MemberObligationItems.Replace(operations, s.Id, ClearingObligations.ItemsOf(s));
        return ValueTask.CompletedTask;
    }
}
