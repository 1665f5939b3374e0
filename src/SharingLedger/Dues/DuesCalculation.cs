using NodaTime;
using SharingLedger.Agreements;
using SharingLedger.Kernel.CostSharing;
using SharingLedger.Membership;

namespace SharingLedger.Dues;

/// <summary>Prices a fiscal year's dues: the agreement's dues term applied to the members active on the first day.</summary>
public static class DuesCalculation
{
    public static DuesAssessed Assess(Guid assessmentId, int fiscalYear, DateInterval period, AgreementAdopted agreement,
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
                (s.ExactMinor / new Kernel.Arithmetic.Fraction(System.Numerics.BigInteger.Pow(10, units))).ToDecimalString(6),
                s.RoundingAdjustmentMinor, s.Inputs))
            .OrderBy(s => s.MemberCode, StringComparer.Ordinal)
            .ToList();

        return new DuesAssessed(assessmentId, agreement.ConsortiumId, fiscalYear, period.Start, period.End,
            agreement.AgreementId, agreement.Version, agreement.Dues.AnnualAmount, agreement.Dues.Rule, shares, now);
    }
}
