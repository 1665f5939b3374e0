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
    /// <summary>The month's item of each member that took part, kept beside the snapshot.</summary>
    public static readonly KeptBeside<ClearingSettlement> Items = KeptBeside.Items<ClearingSettlement>("clearing-items", s => s.Id, ClearingObligations.ItemsOf);

    public static ClearingSettlement Create(ClearingSettled e) => ClearingSettlement.Create(e);

    public static void Apply(ClearingRestated e, ClearingSettlement s) => s.Apply(e);

    public override ValueTask RaiseSideEffects(IDocumentOperations operations, IEventSlice<ClearingSettlement> slice)
    {
        if (slice.Snapshot is { } s) Items.Keep(operations, s);
        return ValueTask.CompletedTask;
    }
}
