using Marten;
using NodaTime;
using SharingLedger.Infrastructure.Marten;
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
    public Task<IReadOnlyList<ObligationItem>> ForMemberAsync(IQuerySession session, ObligationQuery q, CancellationToken ct) => Task.FromResult<IReadOnlyList<ObligationItem>>([]);

    public async Task<IReadOnlyList<CommitmentItem>> CommitmentsForMemberAsync(IQuerySession session, ObligationQuery q, CancellationToken ct)
    {
        var plan = await AsKnown.LoadAsync<CollectingPlan>(session, StreamIds.CollectingPlan(q.Consortium.Id, q.FiscalYear), q.KnownAt, ct);
        if (plan is null) return [];
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
