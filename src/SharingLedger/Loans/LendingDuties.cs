using NodaTime;
using SharingLedger.Agreements;
using SharingLedger.Kernel.Lending;

namespace SharingLedger.Loans;

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

/// <summary>Works out a member's lending duties and rights from its loans and the agreement.</summary>
public static class LendingDuties
{
    public static RatioFigures? Ratio(LendingFees? terms, long supplied, long borrowed) =>
        terms?.TargetRatio is not { } target ? null
            : new RatioFigures(target.ToString(), $"{supplied}:{borrowed}", LendingRatio.Actual(supplied, borrowed)?.ToString(),
                target.IsMetBy(supplied, borrowed), target.SuppliesShort(supplied, borrowed));

    public static SupplyWindowFigures? MinimumSupplies(LendingFees? terms, IEnumerable<Loan> loans, Guid memberId, LocalDate asOf)
    {
        if (terms?.MinimumSupplies is not { } minimum) return null;
        var count = minimum.Count(loans.Where(l => l.LenderId == memberId && l.SuppliedOn is not null).Select(l => l.SuppliedOn!.Value), asOf);
        return new SupplyWindowFigures(count.WindowStart, count.WindowEnd, minimum.WindowDays, count.Supplied, count.Minimum, count.Shortfall, count.FallsShort);
    }

    public static TurnaroundFigures? Turnaround(LendingFees? terms, Agreement? agreement, IEnumerable<Loan> loans, Guid memberId, LocalDate from, LocalDate asOf)
    {
        var measured = 0; var answersLate = 0; var shipmentsMeasured = 0; var shipmentsLate = 0;
        var breaches = new List<TurnaroundBreach>();
        foreach (var loan in loans.Where(l => l.LenderId == memberId && l.RequestedOn >= from && l.RequestedOn <= asOf)
                     .OrderBy(l => l.RequestedOn).ThenBy(l => l.Id))
        {
            if (agreement?.InForceOn(loan.RequestedOn)?.Lending?.ServiceTimes is not { } st || st.For(loan.ServiceLevel) is not { } times) continue;
            var timeline = LoanTimeline.Of(loan);
            var verdict = TurnaroundCheck.Judge(timeline, times, st.WorkingDays(), asOf);
            measured++;
            if (verdict.AnswerLate)
            {
                answersLate++;
                breaches.Add(Breach(loan, "answer", verdict.AnswerDeadline, timeline.Answered is { } a && a <= asOf ? a : null));
            }
            if (verdict.ShipMeasured) shipmentsMeasured++;
            if (verdict.ShipLate)
            {
                shipmentsLate++;
                breaches.Add(Breach(loan, "shipment", verdict.ShipDeadline, timeline.Shipped is { } s && s <= asOf ? s : null));
            }
        }
        if (terms?.ServiceTimes is null && measured == 0) return null;
        var agreed = terms?.ServiceTimes is { } now
            ? Enum.GetValues<ServiceLevel>().Select(l => now.For(l) is { } t ? new AgreedServiceTime(l, t.AnswerWithinDays, t.ShipWithinDays) : null)
                .OfType<AgreedServiceTime>().ToList()
            : [];
        return new TurnaroundFigures(agreed, [.. terms?.ServiceTimes?.Holidays ?? []], measured, answersLate, shipmentsMeasured, shipmentsLate, breaches);
    }

    public static FreePageFigures? FreePages(LendingFees? terms, Agreement? agreement, IEnumerable<Loan> loans, Guid memberId, DateInterval year)
    {
        if (terms?.FreePagesPerYear is not { } allowance) return null;
        var used = AllowancePagesUsed(agreement, loans, memberId, year);
        return new FreePageFigures(allowance, used, PageAllowance.Left(allowance, used));
    }

    /// <summary>
    /// The pages the borrower's copies delivered in <paramref name="year"/> took from its yearly allowance: of each copy's
    /// pages, those neither billed nor free per copy under the agreement version that priced it.
    /// </summary>
    public static int AllowancePagesUsed(Agreement? agreement, IEnumerable<Loan> loans, Guid borrowerId, DateInterval year) =>
        loans.Where(l => l.BorrowerId == borrowerId && l.Charge is { Pages: not null, BilledPages: not null } c && year.Contains(c.On))
            .Sum(l => AllowancePagesOf(agreement, l.Charge!));

    private static int AllowancePagesOf(Agreement? agreement, LendingCharged c)
    {
        var perCopy = agreement?.Versions.FirstOrDefault(v => v.Version == c.AgreementVersion)?.Lending?.FreePagesPerCopy ?? 0;
        return Math.Max(0, c.Pages!.Value - c.BilledPages!.Value - Math.Min(c.Pages.Value, perCopy));
    }

    private static TurnaroundBreach Breach(Loan loan, string deadline, LocalDate due, LocalDate? done) =>
        new(loan.Id, loan.RequestId, loan.BorrowerCode, loan.ServiceLevel, loan.RequestedOn, deadline, due, done);
}
