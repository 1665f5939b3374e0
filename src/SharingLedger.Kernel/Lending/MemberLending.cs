using NodaTime;
namespace SharingLedger.Kernel.Lending;

/// <summary>Loans supplied against the agreed target ratio, for the period up to the as-of day.</summary>
/// <param name="Target">The agreed ratio, supplied:borrowed (e.g. 1:1).</param>
/// <param name="Actual">The member's supplied:borrowed as counted.</param>
/// <param name="ActualValue">supplied/borrowed as an exact fraction (null when nothing was borrowed).</param>
/// <param name="SuppliesShort">More supplies that, with the same borrowing, would meet the target.</param>
public sealed record RatioFigures(string Target, string Actual, string? ActualValue, bool MeetsTarget, long SuppliesShort);

/// <summary>Supplies in the rolling window ending on the as-of day against the agreed minimum.</summary>
public sealed record SupplyWindowFigures(LocalDate WindowStart, LocalDate WindowEnd, int WindowDays, int Supplied, int Minimum, int Shortfall, bool FallsShort);

/// <summary>The agreed answer and ship times of one service level, in working days.</summary>
public sealed record AgreedServiceTime(ServiceLevel ServiceLevel, int AnswerWithinDays, int ShipWithinDays);

/// <summary>One missed deadline: the request, which deadline (<c>answer</c> or <c>shipment</c>), the deadline and when it was done (null: not yet).</summary>
public sealed record TurnaroundBreach(Guid LoanId, string RequestId, string BorrowerCode, ServiceLevel ServiceLevel, LocalDate RequestedOn, string Deadline,
    LocalDate Due, LocalDate? Done);

/// <summary>
/// The member's requests as lender (made in the period up to the as-of day), judged against the service times of the
/// agreement version in force on each request's day; <see cref="Agreed"/> shows the times in force on the as-of day.
/// </summary>
public sealed record TurnaroundFigures(
    IReadOnlyList<AgreedServiceTime> Agreed,
    IReadOnlyList<LocalDate> Holidays,
    int RequestsMeasured,
    int AnswersLate,
    int ShipmentsMeasured,
    int ShipmentsLate,
    IReadOnlyList<TurnaroundBreach> Breaches);

/// <summary>The borrower's free document-delivery pages for the fiscal year: the allowance, the pages its copies took from it, and what is left.</summary>
public sealed record FreePageFigures(int Allowance, int Used, int Left);

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
    public bool HasAnything => Supplied > 0 || Borrowed > 0 || RequestsCounted > 0 || BorrowingQuota is not null
                               || TargetRatio is not null || MinimumSupplies is not null || Turnaround is not null || FreePages is not null;
}
