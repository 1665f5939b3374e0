using JasperFx.Events;
using Marten;
using Marten.Events.Aggregation;
using SharingLedger.Obligations;

namespace SharingLedger.Procurement;

/// <summary>
/// The inline snapshot of a joint procurement (<see cref="JointProcurement"/> applies its own events), and, once its cost is
/// apportioned, each committed member's item for its obligations (<see cref="MemberObligationItems"/>).
/// </summary>
public sealed partial class JointProcurementProjection : SingleStreamProjection<JointProcurement, Guid>
{
    /// <summary>Each committed member's item, kept beside the snapshot (none until the cost is apportioned).</summary>
    public static readonly KeptBeside<JointProcurement> Items = KeptBeside.Items<JointProcurement>("procurement-items", p => p.Id, ProcurementObligations.ItemsOf);

    public static JointProcurement Create(ProcurementProposed e) => JointProcurement.Create(e);
    public static void Apply(MemberCommittedToProcurement e, JointProcurement p) => p.Apply(e);
    public static void Apply(MemberDeclinedProcurement e, JointProcurement p) => p.Apply(e);
    public static void Apply(ContractAwarded e, JointProcurement p) => p.Apply(e);
    public static void Apply(ProcurementInvoiced e, JointProcurement p) => p.Apply(e);
    public static void Apply(ProcurementCostApportioned e, JointProcurement p) => p.Apply(e);
    public static void Apply(ProcurementCostRestated e, JointProcurement p) => p.Apply(e);

    public override ValueTask RaiseSideEffects(IDocumentOperations operations, IEventSlice<JointProcurement> slice)
    {
        // Once apportioned; and after a void, which takes the items away (ItemsOf is empty until it is split again).
        if (slice.Snapshot is { } p && (p.Apportionment is not null || p.Voids.Count > 0))
            Items.Keep(operations, p);
        return ValueTask.CompletedTask;
    }
}
