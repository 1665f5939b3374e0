using NodaTime;
using SharingLedger.Agreements;
using SharingLedger.Kernel.Lending;
using SharingLedger.Loans;
using SharingLedger.Membership;

namespace SharingLedger.LendingDuties;

/// <summary>Works out a member's <see cref="MemberLending"/> figures for a fiscal year from its loans and the agreement.</summary>
public static class MemberLendingFigures
{
    /// <summary>
    /// The minimum-supplies window (days) a member's loans are read for before the agreement is known (<see cref="LoansSince"/>): a
    /// year covers the windows agreements set in practice; a longer one is read again once the agreement says so.
    /// </summary>
    public const int UsualWindowDays = 366;

    /// <summary>The day the figures are as of: <paramref name="today"/> kept within the period.</summary>
    public static LocalDate AsOf(DateInterval period, LocalDate today) => today < period.Start ? period.Start : today > period.End ? period.End : today;

    /// <summary>
    /// The earliest day on which a loan's request, supply or copy charge can fall and still count in <see cref="Of"/>: the period's
    /// first day, or the first of the minimum-supplies window of <paramref name="windowDays"/> ending on <paramref name="asOf"/> when
    /// that is earlier. A loan with none of those days on or after it counts in no figure, so a member's earlier years are not read
    /// (docs/decisions.md, "A member's lending figures read the loans that can count").
    /// </summary>
    public static LocalDate LoansSince(DateInterval period, LocalDate asOf, int windowDays)
    {
        var window = asOf.PlusDays(1 - Math.Max(1, windowDays));
        return window < period.Start ? window : period.Start;
    }

    /// <summary>The minimum-supplies window of the agreement in force on <paramref name="asOf"/> (1 day when it sets none).</summary>
    public static int WindowDays(Agreement? agreement, LocalDate asOf) => agreement?.InForceOn(asOf)?.Lending?.MinimumSupplies?.WindowDays ?? 1;

    public static MemberLending Of(Member member, int fiscalYear, DateInterval period, IReadOnlyList<ILendingFacts> loans, Agreement? agreement, LocalDate today)
    {
        var asOf = AsOf(period, today);
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
