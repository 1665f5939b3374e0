using NodaTime;
using SharingLedger.Agreements;
using SharingLedger.Membership;

namespace SharingLedger.Loans;

/// <summary>
/// A member's interlibrary-loan figures for a fiscal year, counted up to <see cref="AsOf"/> (today, or the given day, kept
/// within the year): loans (and copies) supplied and borrowed, and what the agreement version in force on that day asks
/// and allows: the borrowing quota, the target ratio, the minimum supplies in a rolling window, the service times (each
/// request judged by the version in force on its day) and the free document-delivery pages per year. A term the agreement
/// does not set is null. <see cref="Warnings"/> names each duty the member falls short of.
/// </summary>
public sealed record MemberLending(
    Guid MemberId,
    string MemberCode,
    int FiscalYear,
    LocalDate PeriodStart,
    LocalDate PeriodEnd,
    LocalDate AsOf,
    long Supplied,
    long Borrowed,
    long NetLending,
    int? BorrowingQuota,
    int RequestsCounted,
    int? QuotaRemaining,
    int? AgreementVersion,
    RatioFigures? TargetRatio,
    SupplyWindowFigures? MinimumSupplies,
    TurnaroundFigures? Turnaround,
    FreePageFigures? FreePages,
    IReadOnlyList<string> Warnings)
{
    public static MemberLending Of(Member member, int fiscalYear, DateInterval period, IReadOnlyList<Loan> loans, Agreement? agreement, LocalDate today)
    {
        var asOf = today < period.Start ? period.Start : today > period.End ? period.End : today;
        var upToAsOf = new DateInterval(period.Start, asOf);
        var version = agreement?.InForceOn(asOf);
        var terms = version?.Lending;
        var quota = terms?.BorrowingQuota;
        var supplied = LendingFigures.Supplied(loans, member.Id, upToAsOf);
        var borrowed = LendingFigures.Borrowed(loans, member.Id, upToAsOf);
        var counted = LendingFigures.RequestsCounted(loans, member.Id, upToAsOf);
        var ratio = LendingDuties.Ratio(terms, supplied, borrowed);
        var minimum = LendingDuties.MinimumSupplies(terms, loans, member.Id, asOf);
        var turnaround = LendingDuties.Turnaround(terms, agreement, loans, member.Id, period.Start, asOf);
        var pages = LendingDuties.FreePages(terms, agreement, loans, member.Id, upToAsOf);
        return new MemberLending(member.Id, member.Code, fiscalYear, period.Start, period.End, asOf, supplied, borrowed, supplied - borrowed,
            quota, counted, quota is { } q ? Math.Max(0, q - counted) : null, version?.Version, ratio, minimum, turnaround, pages,
            LendingWarnings.Of(ratio, minimum, turnaround));
    }

    public bool HasAnything => Supplied > 0 || Borrowed > 0 || RequestsCounted > 0 || BorrowingQuota is not null
                               || TargetRatio is not null || MinimumSupplies is not null || Turnaround is not null || FreePages is not null;

    public string Explain() => LendingWarnings.Explain(this);
}
