using NodaTime;
using SharingLedger.Agreements;
using SharingLedger.Dues;
using SharingLedger.Membership;
using SharingLedger.Sharing;

namespace SharingLedger.Restatements;

/// <summary>
/// Prices a fiscal year's dues again under the amendment, on the same basis as the assessment: prorated by day, or for
/// an assessment recorded before proration, among the members active on the first day (so that a restatement shows
/// what the amendment changed and nothing else).
/// </summary>
public static class DuesRestatement
{
    public static DuesRestated Restate(DuesAssessment dues, AgreementAdopted amendment, IReadOnlyList<Member> members, Instant now)
    {
        var current = dues.Current;
        var repriced = DuesCalculation.Assess(dues.Id, dues.FiscalYear, new DateInterval(current.PeriodStart, current.PeriodEnd),
            amendment, members, now, prorate: current.DaysInYear is not null);
        var differences = ShareDifferences.Compare(
            current.Shares.Select(s => (s.MemberId, s.MemberCode, s.Amount)),
            repriced.Shares.Select(s => (s.MemberId, s.MemberCode, s.Amount)), repriced.Total.Currency);
        return new DuesRestated(dues.Id, dues.ConsortiumId, dues.FiscalYear, amendment.AgreementId, amendment.Version,
            current.AgreementVersion, repriced.Total, repriced.Rule, repriced.Shares, differences, now, repriced.DaysInYear, repriced.Uncovered);
    }
}
