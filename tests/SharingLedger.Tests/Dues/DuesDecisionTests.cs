using SharingLedger.Dues;
using SharingLedger.Infrastructure;
using static SharingLedger.Tests.Sharing.CostGivens;

namespace SharingLedger.Tests.Dues;

/// <summary>
/// The dues decision without a database: given the agreement's 300.00 a year shared equally, A, B and C members all year and
/// D from 1 March, when 2026 is assessed, then the assessment prorated by day, or the refusal.
/// </summary>
public class DuesDecisionTests
{
    private static DuesFacts Facts(bool assessed = false) => new(Agreement(), Members().Values.ToList(), assessed);

    [Fact]
    public void A_year_is_assessed_by_day_among_the_members_active_each_day()
    {
        var e = Assert.IsType<DuesAssessed>(Single(DuesDecisions.Assess(new AssessDues(2026), Consortium(), Facts(), Now)));
        Assert.Equal((StreamIds.Dues(ConsortiumId, 2026), 1, Usd("300.00"), 365), (e.AssessmentId, e.AgreementVersion, e.Total, e.DaysInYear));
        // D: 306 of 365 days (1 March – 31 December) among four: 300.00 × 306/365 ÷ 4 = 62.8767… The others carry the rest,
        // 79.0411… each; rounded once by largest remainder the cent left over goes to D.
        Assert.Equal(["A 79.04", "B 79.04", "C 79.04", "D 62.88"], e.Shares.Select(s => $"{s.MemberCode} {s.Amount.ToDecimalString()}"));
        Assert.Equal(306, e.Shares.Single(s => s.MemberCode == "D").DaysActive);
    }

    [Fact]
    public void A_year_is_refused_twice_before_any_agreement_and_out_of_range()
    {
        Assert.Equal("Dues for fiscal year 2026 were already assessed.", Conflict(DuesDecisions.Assess(new AssessDues(2026), Consortium(), Facts(assessed: true), Now)));
        Assert.Equal("No agreement is in force on 2024-01-01, the first day of fiscal year 2024.",
            Refused(DuesDecisions.Assess(new AssessDues(2024), Consortium(), Facts(), Now))["fiscalYear"]);
        Assert.Equal("Must be a year such as 2026.", Refused(DuesDecisions.Assess(new AssessDues(10000), Consortium(), Facts(), Now))["fiscalYear"]);
    }
}
