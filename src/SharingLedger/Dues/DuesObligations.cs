using NodaTime;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure;
using SharingLedger.Membership;
using SharingLedger.Obligations;

namespace SharingLedger.Dues;

/// <summary>
/// A member's annual dues as an obligation, explained. Now: the member's item kept by <see cref="DuesAssessmentProjection"/>
/// (<see cref="MemberObligationItems"/>); as known at an earlier instant: the assessment rebuilt from its events.
/// </summary>
public sealed class DuesObligations : IObligationSource
{
    public const string Kind = "dues";

    public PendingItems<ObligationItem> Read(ObligationReads reads, ObligationQuery q)
    {
        if (q.KnownAt is null) return reads.Items(q, Kind);
        var assessment = reads.Load<DuesAssessment>(StreamIds.Dues(q.Consortium.Id, q.FiscalYear), q.KnownAt);
        return async ct => ForMember(await assessment(ct), q);
    }

    private static IReadOnlyList<ObligationItem> ForMember(DuesAssessment? dues, ObligationQuery q) =>
        dues is not null && q.Counts(dues.Current.PeriodStart) && dues.CurrentShareOf(q.Member.Id) is { } share
            ? [Explain(dues.Current, share, dues.Restatements.LastOrDefault())] : [];

    /// <summary>Every member's dues item as the assessment now stands, each counted on the dues' first day.</summary>
    public static IEnumerable<(Guid MemberId, LocalDate CountsOn, ObligationItem Item)> ItemsOf(DuesAssessment dues) =>
        dues.Current.Shares.Select(s => (s.MemberId, dues.Current.PeriodStart, Explain(dues.Current, s, dues.Restatements.LastOrDefault())));

    private static ObligationItem Explain(DuesAssessed a, DuesShare s, DuesRestated? restated)
    {
        var figures = Sharing.ShareLine.Figures(a.Total, s.Weight, s.ExactAmount, s.Amount, s.RoundingAdjustmentMinor);
        var inputs = s.Inputs.Count == 0 ? "" : $" Inputs as of {a.PeriodStart:uuuu-MM-dd}: " +
            string.Join(", ", s.Inputs.Select(i => $"{i.Key.ToString().ToLowerInvariant()} {i.Value}")) + ".";
        string explanation;
        if (a.DaysInYear is { } days && s.DaysActive is { } active)
        {
            var figuresOn = s.ActiveFrom ?? a.PeriodStart;
            inputs = s.Inputs.Count == 0 ? "" : $" Inputs as of {figuresOn:uuuu-MM-dd}: " +
                string.Join(", ", s.Inputs.Select(i => $"{i.Key.ToString().ToLowerInvariant()} {i.Value}")) + ".";
            var uncovered = a.Uncovered is { } u ? $" {u} of it falls on days when no member was active and is charged to nobody." : "";
            explanation =
                $"Annual dues of {a.Total} for fiscal year {a.FiscalYear} under agreement version {a.AgreementVersion}, prorated by day: " +
                $"each of the {days} days from {a.PeriodStart:uuuu-MM-dd} to {a.PeriodEnd:uuuu-MM-dd} carries 1/{days} of it, " +
                $"split {a.Rule.Describe()} among the members active that day ({a.Shares.Count} members over the year).{uncovered} " +
                $"This member was active {active}/{days} days ({s.ActiveFrom:uuuu-MM-dd} to {s.ActiveTo:uuuu-MM-dd}); " +
                $"its share: {figures.Sentence()}{inputs}";
        }
        else
            explanation =
                $"Annual dues of {a.Total} for fiscal year {a.FiscalYear} under agreement version {a.AgreementVersion}, " +
                $"split {a.Rule.Describe()} among the {a.Shares.Count} members active on {a.PeriodStart:uuuu-MM-dd}. " +
                $"This member's share: {figures.Sentence()}{inputs}";
        if (restated is not null)
        {
            var diff = restated.Differences.FirstOrDefault(d => d.MemberId == s.MemberId);
            explanation += $" Restated under agreement version {restated.AgreementVersion}, a retroactive amendment that replaced version " +
                $"{restated.ReplacesAgreementVersion} for this year" + (diff is null ? "." : $": was {diff.Before}, now {diff.After} (difference {diff.Difference.ToDecimalString()}).");
        }
        return new ObligationItem(Kind, $"Annual dues {a.FiscalYear}", s.Amount, a.AgreementId, a.AgreementVersion,
            a.Rule.Describe(), s.Inputs, s.Weight, s.ExactAmount, s.RoundingAdjustmentMinor, explanation, a.AssessmentId,
            DaysActive: s.DaysActive, Figures: figures, LedgerItemId: $"dues:{a.AssessmentId:N}");
    }
}
