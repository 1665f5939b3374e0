using System.Numerics;
using NodaTime;
using SharingLedger.Agreements;
using SharingLedger.Kernel.Arithmetic;
using SharingLedger.Kernel.CostSharing;
using SharingLedger.Kernel.Proration;
using SharingLedger.Membership;

namespace SharingLedger.Dues;

/// <summary>
/// Prices a fiscal year's dues with the agreement's dues term. Prorated by day (the Kernel's <see cref="Prorator"/>):
/// each day of the year carries annualAmount/daysInYear, split by the rule among the members active that day, so a
/// member admitted or withdrawn during the year pays for its days only and the others carry the rest; the shares
/// still add up to the agreed total (less the cost of any day on which nobody was a member), rounded once by
/// largest remainder. Without proration (restating an assessment recorded before it): the members active on the
/// first day share the whole year.
/// </summary>
public static class DuesCalculation
{
    public static DuesAssessed Assess(Guid assessmentId, int fiscalYear, DateInterval period, AgreementAdopted agreement,
        IReadOnlyList<Member> members, Instant now, bool prorate = true) =>
        prorate ? Prorated(assessmentId, fiscalYear, period, agreement, members, now) : FirstDay(assessmentId, fiscalYear, period, agreement, members, now);

    /// <summary>A member's days in the year: from its admission (or the first day) to the day before its withdrawal (or the last day).</summary>
    public static (LocalDate From, LocalDate To)? DaysIn(Member m, DateInterval period)
    {
        var from = m.AdmittedOn > period.Start ? m.AdmittedOn : period.Start;
        var to = m.WithdrawnOn is { } w && w.PlusDays(-1) < period.End ? w.PlusDays(-1) : period.End;
        return from <= to ? (from, to) : null;
    }

    private static DuesAssessed Prorated(Guid assessmentId, int fiscalYear, DateInterval period, AgreementAdopted agreement,
        IReadOnlyList<Member> members, Instant now)
    {
        var active = members.Select(m => (Member: m, Days: DaysIn(m, period))).Where(x => x.Days is not null).ToList();
        if (active.Count == 0)
            throw new CostSharingException([new("fiscalYear", $"No member is active on any day of fiscal year {fiscalYear} ({period.Start:uuuu-MM-dd} to {period.End:uuuu-MM-dd}).")]);

        var total = agreement.Dues.AnnualAmount;
        var rule = agreement.Dues.Rule;
        var byId = active.ToDictionary(x => x.Member.Id.ToString("D"), x => x.Member);
        // Each member's figures as of its first day in the year; null From/To are the year's own ends.
        var prorated = active.Select(x => new ProratedMember(x.Member.BasisOn(x.Days!.Value.From),
            x.Days.Value.From > period.Start ? x.Days.Value.From : null,
            x.Days.Value.To < period.End ? x.Days.Value.To : null)).ToList();
        var inputs = prorated.ToDictionary(p => p.MemberId, p => (IReadOnlyDictionary<BasisAttribute, decimal>)rule.AttributesUsed()
            .ToDictionary(a => a, p.Figures.Get));
        var result = Prorator.Prorate(total, period.Start, period.End, rule, prorated);
        var totalMinor = new Fraction(total.Minor);

        var shares = result.Shares.Select(s => new DuesShare(
                Guid.Parse(s.MemberId), byId[s.MemberId].Code, s.Amount,
                (totalMinor.IsZero ? Fraction.Zero : s.ExactMinor / totalMinor).ToString(),
                Major(s.ExactMinor, total.MinorUnits), s.RoundingAdjustmentMinor, inputs[s.MemberId],
                s.DaysActive, s.ActiveFrom, s.ActiveTo))
            .OrderBy(s => s.MemberCode, StringComparer.Ordinal)
            .ToList();

        return new DuesAssessed(assessmentId, agreement.ConsortiumId, fiscalYear, period.Start, period.End,
            agreement.AgreementId, agreement.Version, total, rule, shares, now,
            result.TermDays, result.Uncovered.IsZero ? null : result.Uncovered);
    }

    private static DuesAssessed FirstDay(Guid assessmentId, int fiscalYear, DateInterval period, AgreementAdopted agreement,
        IReadOnlyList<Member> members, Instant now)
    {
        var active = members.Where(m => m.IsActiveOn(period.Start)).ToList();
        if (active.Count == 0)
            throw new CostSharingException([new("fiscalYear", $"No member is active on {period.Start:uuuu-MM-dd}, the first day of fiscal year {fiscalYear}.")]);

        var byId = active.ToDictionary(m => m.Id.ToString("D"));
        var apportionment = Apportioner.Apportion(agreement.Dues.AnnualAmount, agreement.Dues.Rule,
            active.Select(m => m.BasisOn(period.Start)).ToList());
        var units = agreement.Dues.AnnualAmount.MinorUnits;

        var shares = apportionment.Shares.Select(s => new DuesShare(
                Guid.Parse(s.MemberId), byId[s.MemberId].Code, s.Amount, s.Weight.ToString(),
                Major(s.ExactMinor, units), s.RoundingAdjustmentMinor, s.Inputs))
            .OrderBy(s => s.MemberCode, StringComparer.Ordinal)
            .ToList();

        return new DuesAssessed(assessmentId, agreement.ConsortiumId, fiscalYear, period.Start, period.End,
            agreement.AgreementId, agreement.Version, agreement.Dues.AnnualAmount, agreement.Dues.Rule, shares, now);
    }

    private static string Major(Fraction exactMinor, int units) =>
        (exactMinor / new Fraction(BigInteger.Pow(10, units))).ToDecimalString(6);
}
