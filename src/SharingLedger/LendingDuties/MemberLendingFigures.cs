using NodaTime;
using SharingLedger.Agreements;
using SharingLedger.Kernel.Lending;
using SharingLedger.Loans;
using SharingLedger.Membership;

namespace SharingLedger.LendingDuties;

/// <summary>Works out a member's <see cref="MemberLending"/> figures for a fiscal year from its loans and the agreement.</summary>
public static class MemberLendingFigures
{
    public static MemberLending Of(Member member, int fiscalYear, DateInterval period, IReadOnlyList<ILendingFacts> loans, Agreement? agreement, LocalDate today)
    {
        var asOf = today < period.Start ? period.Start : today > period.End ? period.End : today;
        var upToAsOf = new DateInterval(period.Start, asOf);
        var version = agreement?.InForceOn(asOf);
        var terms = version?.Lending;
        var quota = terms?.BorrowingQuota;
        var supplied = LendingFigures.Supplied(loans, member.Id, upToAsOf);
        var borrowed = LendingFigures.Borrowed(loans, member.Id, upToAsOf);
        var counted = LendingFigures.RequestsCounted(loans, member.Id, upToAsOf);
        var ratio = LendingDutiesCalculation.Ratio(terms, supplied, borrowed);
        var minimum = LendingDutiesCalculation.MinimumSupplies(terms, loans, member.Id, asOf);
        var turnaround = LendingDutiesCalculation.Turnaround(terms, agreement, loans, member.Id, period.Start, asOf);
        var pages = LendingDutiesCalculation.FreePages(terms, agreement, loans, member.Id, upToAsOf);
        return new MemberLending(member.Id, member.Code, fiscalYear, period.Start, period.End, asOf, supplied, borrowed, supplied - borrowed,
            quota, counted, quota is { } q ? Math.Max(0, q - counted) : null, version?.Version, ratio, minimum, turnaround, pages,
            LendingWarnings.Of(ratio, minimum, turnaround));
    }
}
