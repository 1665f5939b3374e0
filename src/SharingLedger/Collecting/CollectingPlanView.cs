using NodaTime;
using SharingLedger.Consortia;
using SharingLedger.Kernel.Money;

namespace SharingLedger.Collecting;

/// <summary>
/// A fiscal year's collecting plan as of <paramref name="AsOf"/> (today in the consortium's time zone): every
/// assignment, each member's totals, and who is behind (see <see cref="CollectingFigures.BehindRule"/>).
/// Totals cover active assignments only.
/// </summary>
public sealed record CollectingPlanView(
    Guid ConsortiumId,
    int FiscalYear,
    LocalDate PeriodStart,
    LocalDate PeriodEnd,
    GovernanceModel GovernanceModel,
    LocalDate AsOf,
    int ElapsedDays,
    int YearDays,
    decimal PercentElapsed,
    Money Committed,
    Money Reported,
    Money Remaining,
    decimal? PercentSpent,
    IReadOnlyList<AssignmentView> Assignments,
    IReadOnlyList<MemberCollectingView> Members,
    IReadOnlyList<MemberCollectingView> Behind,
    string BehindRule,
    int Version)
{
    public static CollectingPlanView From(Consortium consortium, int fiscalYear, DateInterval period, CollectingPlan? plan, LocalDate today)
    {
        var elapsed = CollectingFigures.ElapsedDays(period, today);
        var days = period.Length;
        var assignments = (plan?.Assignments ?? [])
            .OrderBy(a => a.MemberCode, StringComparer.Ordinal).ThenBy(a => a.AssignedAt)
            .Select(a => AssignmentView.From(a, elapsed, days)).ToList();
        var members = (plan?.ActiveAssignments() ?? [])
            .GroupBy(a => (a.MemberId, a.MemberCode))
            .Select(g => MemberCollectingView.From(g.Key.MemberId, g.Key.MemberCode, g.ToList(), elapsed, days))
            .OrderBy(m => m.MemberCode, StringComparer.Ordinal).ToList();
        var committed = Money.Sum(members.Select(m => m.Committed), consortium.BaseCurrency);
        var reported = Money.Sum(members.Select(m => m.Reported), consortium.BaseCurrency);
        var behind = members.Where(m => m.Behind)
            .OrderByDescending(m => m.Shortfall.Minor).ThenBy(m => m.MemberCode, StringComparer.Ordinal).ToList();
        return new CollectingPlanView(consortium.Id, fiscalYear, period.Start, period.End, consortium.GovernanceModel, today,
            elapsed, days, CollectingFigures.PercentElapsed(elapsed, days), committed, reported, committed - reported,
            CollectingFigures.PercentSpent(committed, reported), assignments, members, behind, CollectingFigures.BehindRule,
            plan?.Version ?? 0);
    }
}

/// <summary>One assignment with its figures; <paramref name="Expected"/> is null once withdrawn.</summary>
public sealed record AssignmentView(
    Guid AssignmentId,
    Guid MemberId,
    string MemberCode,
    string Subject,
    string? Format,
    string Status,
    Money Committed,
    Money Reported,
    Money Remaining,
    decimal? PercentSpent,
    Money? Expected,
    Instant AssignedAt,
    Instant? WithdrawnAt,
    string? WithdrawalReason,
    IReadOnlyList<SpendReport> Reports)
{
    public static AssignmentView From(CollectingAssignment a, int elapsed, int days) => new(
        a.AssignmentId, a.MemberId, a.MemberCode, a.Subject, a.Format, a.IsActive ? "active" : "withdrawn",
        a.CommittedBudget, a.Reported, a.Remaining, CollectingFigures.PercentSpent(a.CommittedBudget, a.Reported),
        a.IsActive ? CollectingFigures.Expected(a.CommittedBudget, elapsed, days) : null,
        a.AssignedAt, a.WithdrawnAt, a.WithdrawalReason, a.Reports);
}

/// <summary>
/// A member's active assignments together: committed, reported, remaining (negative when over budget), the pro-rata
/// expectation as of today, the shortfall below it (zero when not behind) and whether it is behind.
/// </summary>
public sealed record MemberCollectingView(
    Guid MemberId,
    string MemberCode,
    int Assignments,
    Money Committed,
    Money Reported,
    Money Remaining,
    decimal? PercentSpent,
    Money Expected,
    Money Shortfall,
    bool Behind)
{
    public static MemberCollectingView From(Guid memberId, string code, IReadOnlyList<CollectingAssignment> active, int elapsed, int days)
    {
        var currency = active[0].CommittedBudget.Currency;
        var committed = Money.Sum(active.Select(a => a.CommittedBudget), currency);
        var reported = Money.Sum(active.Select(a => a.Reported), currency);
        var expected = CollectingFigures.Expected(committed, elapsed, days);
        var behind = CollectingFigures.IsBehind(committed, reported, elapsed, days);
        return new MemberCollectingView(memberId, code, active.Count, committed, reported, committed - reported,
            CollectingFigures.PercentSpent(committed, reported), expected, behind ? expected - reported : Money.Zero(currency), behind);
    }
}
