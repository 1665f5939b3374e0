using Marten;
using SharingLedger.Kernel.Money;

namespace SharingLedger.Collecting;

/// <summary>A member that holds or collects a subject, with the assignments that say so.</summary>
public sealed record SubjectHolding(Guid MemberId, string MemberCode, IReadOnlyList<HeldAssignment> Assignments);

/// <summary>One assignment of the subject in some fiscal year.</summary>
public sealed record HeldAssignment(int FiscalYear, Guid AssignmentId, string Subject, string? Format, string Status, Money Committed, Money Reported);

/// <summary>
/// Which members hold or collect a subject, across every fiscal year of the consortium's collecting plans: for
/// warning a joint procurement that would buy what a member already collects. A member collects a subject while
/// it has an active assignment of it, and holds it when spend was reported against a withdrawn one (it keeps what
/// it bought); a withdrawn assignment with no spend counts for nothing. Subjects match when equal ignoring case,
/// leading and trailing white space and runs of white space (not by substring).
/// </summary>
public static class SubjectHoldings
{
    public static async Task<IReadOnlyList<SubjectHolding>> FindAsync(IQuerySession session, Guid consortiumId, string subject,
        CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(subject)) return [];
        var plans = await session.Query<CollectingPlan>().Where(p => p.ConsortiumId == consortiumId).ToListAsync(ct);
        return plans
            .SelectMany(p => p.Assignments.Select(a => (p.FiscalYear, a)))
            .Where(x => CollectingSubjects.Same(x.a.Subject, subject) && (x.a.IsActive || !x.a.Reported.IsZero))
            .GroupBy(x => (x.a.MemberId, x.a.MemberCode))
            .Select(g => new SubjectHolding(g.Key.MemberId, g.Key.MemberCode, g
                .OrderBy(x => x.FiscalYear).ThenBy(x => x.a.AssignedAt)
                .Select(x => new HeldAssignment(x.FiscalYear, x.a.AssignmentId, x.a.Subject, x.a.Format,
                    x.a.IsActive ? "active" : "withdrawn", x.a.CommittedBudget, x.a.Reported))
                .ToList()))
            .OrderBy(h => h.MemberCode, StringComparer.Ordinal)
            .ToList();
    }
}
