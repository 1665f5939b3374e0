using NodaTime;
using SharingLedger.Agreements;
using SharingLedger.Membership;

namespace SharingLedger.Loans;

/// <summary>
/// A member's interlibrary-loan figures for a fiscal year: loans (and copies) supplied and borrowed, and its borrowing
/// quota under the agreement version in force (on today, kept within the year).
/// </summary>
public sealed record MemberLending(
    Guid MemberId,
    string MemberCode,
    int FiscalYear,
    LocalDate PeriodStart,
    LocalDate PeriodEnd,
    long Supplied,
    long Borrowed,
    long NetLending,
    int? BorrowingQuota,
    int RequestsCounted,
    int? QuotaRemaining,
    int? AgreementVersion)
{
    public static MemberLending Of(Member member, int fiscalYear, DateInterval period, IReadOnlyList<Loan> loans, Agreement? agreement, LocalDate today)
    {
        var asOf = today < period.Start ? period.Start : today > period.End ? period.End : today;
        var version = agreement?.InForceOn(asOf);
        var quota = version?.Lending?.BorrowingQuota;
        var supplied = LendingFigures.Supplied(loans, member.Id, period);
        var borrowed = LendingFigures.Borrowed(loans, member.Id, period);
        var counted = LendingFigures.RequestsCounted(loans, member.Id, period);
        return new MemberLending(member.Id, member.Code, fiscalYear, period.Start, period.End, supplied, borrowed, supplied - borrowed,
            quota, counted, quota is { } q ? Math.Max(0, q - counted) : null, version?.Version);
    }

    public bool HasAnything => Supplied > 0 || Borrowed > 0 || RequestsCounted > 0 || BorrowingQuota is not null;

    public string Explain() =>
        $"Fiscal year {FiscalYear}: {Supplied} supplied to other members, {Borrowed} borrowed from them (net {NetLending:+0;-0;0}); " +
        (BorrowingQuota is { } q ? $"{RequestsCounted} of a borrowing quota of {q} requests used, {QuotaRemaining} remaining." : $"{RequestsCounted} requests made; no borrowing quota.");
}
