using NodaTime;
using SharingLedger.Kernel.Money;
using SharingLedger.Membership;

namespace SharingLedger.Loans.Statistics;

/// <summary>
/// A member's (or the consortium's) document-delivery figures for a month or a whole period.
/// Requests count in the month they were made (<c>requestedOn</c>); "filled" means the loan was shipped or the copy
/// delivered (at any time up to now), so a fill rate is the share of that month's requests filled so far.
/// Turnaround is the lender's: days from the request to shipping or copy delivery, over the filled requests it received.
/// Charges count in the month they clear in (the day the lender shipped): billed to borrowers, as lender and as borrower.
/// </summary>
public sealed record IllFigures(
    string Period,
    int RequestsMade,
    int RequestsMadeFilled,
    decimal? BorrowingFillRate,
    int RequestsReceived,
    int RequestsReceivedFilled,
    decimal? LendingFillRate,
    decimal? MedianTurnaroundDays,
    Money ChargesBilledAsLender,
    Money ChargesBilledAsBorrower);

/// <summary>
/// What the statistics read of a loan: its parties, the days it was requested and supplied (shipped, or the copy delivered), and
/// its lending charge's month and the amount billed to the borrower (none when it was not charged).
/// </summary>
public sealed record IllLoan(Guid BorrowerId, Guid LenderId, LocalDate RequestedOn, LocalDate? SuppliedOn, string? ChargeMonth, Money? Billed)
{
    public string RequestedMonth { get; } = Months.Of(RequestedOn);
}

public sealed record MemberIllStatistics(Guid MemberId, string MemberCode, IllFigures Total, IReadOnlyList<IllFigures> Months);

/// <summary>The council's document-delivery statistics and performance evaluation for a fiscal year or a month.</summary>
public sealed record IllStatisticsView(
    Guid ConsortiumId,
    int? FiscalYear,
    string? Month,
    LocalDate PeriodStart,
    LocalDate PeriodEnd,
    string Currency,
    IllFigures Consortium,
    IReadOnlyList<IllFigures> ConsortiumMonths,
    IReadOnlyList<MemberIllStatistics> Members);

public static class IllStatisticsCalculation
{
    public static IllStatisticsView Compute(Guid consortiumId, int? fiscalYear, string? month, DateInterval period, string currency,
        IReadOnlyList<Member> members, IReadOnlyList<IllLoan> loans)
    {
        var months = MonthsOf(period);
        var inPeriod = loans.Where(l => period.Contains(l.RequestedOn) || l.ChargeMonth is { } c && months.Contains(c)).ToList();
        var label = fiscalYear is { } fy ? $"FY{fy}" : month!;

        // Each member's figures from its own loans (borrowed or lent), grouped once: not every loan of the period once per member and month.
        var byMember = inPeriod.SelectMany(l => l.BorrowerId == l.LenderId ? [(Id: l.BorrowerId, Loan: l)] : new[] { (Id: l.BorrowerId, Loan: l), (Id: l.LenderId, Loan: l) })
            .GroupBy(x => x.Id, x => x.Loan).ToDictionary(g => g.Key, g => (IReadOnlyList<IllLoan>)[.. g]);
        var rows = members
            .Where(m => m.IsActiveOn(period.End) || m.IsActiveOn(period.Start) || byMember.ContainsKey(m.Id))
            .OrderBy(m => m.Code, StringComparer.Ordinal)
            .Select(m => (Member: m, Loans: byMember.GetValueOrDefault(m.Id) ?? []))
            .Select(x => new MemberIllStatistics(x.Member.Id, x.Member.Code,
                Figures(label, x.Loans, months, currency, x.Member.Id),
                months.Select(month => Figures(month, x.Loans, [month], currency, x.Member.Id)).ToList()))
            .ToList();
        return new IllStatisticsView(consortiumId, fiscalYear, month, period.Start, period.End, currency,
            Figures(label, inPeriod, months, currency, null), months.Select(x => Figures(x, inPeriod, [x], currency, null)).ToList(), rows);
    }

    /// <summary>The figures of one member (or of everyone, <paramref name="memberId"/> null) over the given months.</summary>
    public static IllFigures Figures(string label, IReadOnlyList<IllLoan> loans, IReadOnlyCollection<string> months, string currency, Guid? memberId)
    {
        bool Borrower(IllLoan l) => memberId is null || l.BorrowerId == memberId;
        bool Lender(IllLoan l) => memberId is null || l.LenderId == memberId;
        var requested = loans.Where(l => months.Contains(l.RequestedMonth)).ToList();
        var made = requested.Where(Borrower).ToList();
        var received = requested.Where(Lender).ToList();
        var receivedFilled = received.Where(Filled).ToList();
        var charges = loans.Where(l => l.ChargeMonth is { } c && l.Billed is not null && months.Contains(c)).ToList();
        return new IllFigures(label,
            made.Count, made.Count(Filled), Rate(made.Count(Filled), made.Count),
            received.Count, receivedFilled.Count, Rate(receivedFilled.Count, received.Count),
            Median(receivedFilled.Select(l => Period.Between(l.RequestedOn, l.SuppliedOn!.Value, PeriodUnits.Days).Days).ToList()),
            Money.Sum(charges.Where(Lender).Select(l => l.Billed!.Value), currency),
            Money.Sum(charges.Where(Borrower).Select(l => l.Billed!.Value), currency));
    }

    public static bool Filled(IllLoan loan) => loan.SuppliedOn is not null;

    /// <summary>filled / requested, rounded half away from zero to three places; none when nothing was requested.</summary>
    public static decimal? Rate(int filled, int requested) =>
        requested == 0 ? null : Math.Round((decimal)filled / requested, 3, MidpointRounding.AwayFromZero);

    /// <summary>The middle value, or the mean of the two middle values; none for no values.</summary>
    public static decimal? Median(IReadOnlyList<int> values)
    {
        if (values.Count == 0) return null;
        var sorted = values.Order().ToList();
        var mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2m;
    }

    public static List<string> MonthsOf(DateInterval period)
    {
        var list = new List<string>();
        for (var m = period.Start.ToYearMonth(); m.OnDayOfMonth(1) <= period.End; m = m.OnDayOfMonth(1).PlusMonths(1).ToYearMonth())
            list.Add(Months.Format(m));
        return list;
    }
}
