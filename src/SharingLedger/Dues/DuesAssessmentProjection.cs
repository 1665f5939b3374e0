using JasperFx.Events;
using Marten;
using Marten.Events.Aggregation;
using SharingLedger.Obligations;

namespace SharingLedger.Dues;

/// <summary>
/// The inline snapshot of a dues stream (<see cref="DuesAssessment"/> applies its own events), and, as the assessment is
/// saved, every member's dues item for its obligations (<see cref="MemberObligationItems"/>).
/// </summary>
public sealed partial class DuesAssessmentProjection : SingleStreamProjection<DuesAssessment, Guid>
{
    /// <summary>Each member's dues item, kept beside the snapshot.</summary>
    public static readonly KeptBeside<DuesAssessment> Items = KeptBeside.Items<DuesAssessment>("dues-items", d => d.Id, DuesObligations.ItemsOf);

    public static DuesAssessment Create(DuesAssessed e) => DuesAssessment.Create(e);

    public static void Apply(DuesRestated e, DuesAssessment dues) => dues.Apply(e);

    public override ValueTask RaiseSideEffects(IDocumentOperations operations, IEventSlice<DuesAssessment> slice)
    {
        if (slice.Snapshot is { } dues) Items.Keep(operations, dues);
        return ValueTask.CompletedTask;
    }
}
