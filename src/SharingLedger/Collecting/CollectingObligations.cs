using SharingLedger.Consortia;
using SharingLedger.Infrastructure;
using SharingLedger.Membership;
using SharingLedger.Obligations;

namespace SharingLedger.Collecting;

/// <summary>
/// A member's collecting assignments as commitments: committed against reported. They are spent on the member's
/// own collection, not paid to the consortium, so they add no obligation item and nothing to the total.
/// </summary>
public sealed class CollectingObligations : IObligationSource, ICommitmentSource
{
    public PendingItems<ObligationItem> Read(ObligationReads reads, ObligationQuery q) => _ => Task.FromResult<IReadOnlyList<ObligationItem>>([]);

    public PendingItems<CommitmentItem> ReadCommitments(ObligationReads reads, ObligationQuery q)
    {
        var plan = reads.Load<CollectingPlan>(StreamIds.CollectingPlan(q.Consortium.Id, q.FiscalYear), q.KnownAt);
        return async ct => await plan(ct) is { } found ? CommitmentsOf(found, q) : [];
    }

    private static IReadOnlyList<CommitmentItem> CommitmentsOf(CollectingPlan plan, ObligationQuery q)
    {
        return plan.ActiveAssignments()
            .Where(a => a.MemberId == q.Member.Id)
            .OrderBy(a => a.AssignedAt)
            .Select(a => Explain(plan, a))
            .ToList();
    }

    private static CommitmentItem Explain(CollectingPlan plan, CollectingAssignment a)
    {
        var what = a.Format is null ? a.Subject : $"{a.Subject} ({a.Format})";
        var percent = CollectingFigures.PercentSpent(a.CommittedBudget, a.Reported);
        var explanation =
            $"committed {a.CommittedBudget}, reported {a.Reported}, remaining {a.Remaining} ({percent}% spent, " +
            $"{a.Reports.Count} spend report{(a.Reports.Count == 1 ? "" : "s")}) for collecting {what} in fiscal year {plan.FiscalYear} " +
            $"({plan.PeriodStart:uuuu-MM-dd} to {plan.PeriodEnd:uuuu-MM-dd}) under the consortium's collecting plan. " +
            "Spent on the member's own collection, not owed to the consortium.";
        return new CommitmentItem("collecting", $"Collecting {what} {plan.FiscalYear}", a.CommittedBudget, a.Reported, a.Remaining,
            percent, explanation, plan.Id, a.AssignmentId);
    }
}
