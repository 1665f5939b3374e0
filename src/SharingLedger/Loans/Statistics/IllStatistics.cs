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
    /// <summary>
    /// The statistics of <paramref name="period"/> (whole months) from its loans: each loan tallied once, under its borrower's and its
    /// lender's month and the consortium's, then each member's year added up from its months. A national consortium's year is some
    /// 160,000 loans and 2,000 members; grouping the loans into lists per member and month took most of the time the counting did.
    /// </summary>
    public static IllStatisticsView Compute(Guid consortiumId, int? fiscalYear, string? month, DateInterval period, string currency,
        IReadOnlyList<Member> members, IReadOnlyList<IllLoan> loans)
    {
        var months = MonthsOf(period);
        var label = fiscalYear is { } fy ? $"FY{fy}" : month!;
        var monthIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var m in months) monthIndex[m] = monthIndex.Count;
        var index = new Dictionary<Guid, int>(members.Count);
        foreach (var m in members) index.TryAdd(m.Id, index.Count);
        var everyone = index.Count; // the consortium's tallies come after the members'
        var tallies = new Tally?[(everyone + 1) * months.Count];
        Tally At(int who, int monthAt) => tallies[who * months.Count + monthAt] ??= new Tally(currency);
        // A member borrowed or lent in the period when any of its months has a tally.
        bool Involved(int who) => Enumerable.Range(0, months.Count).Any(m => tallies[who * months.Count + m] is not null);

        foreach (var loan in loans)
        {
            var borrower = index.GetValueOrDefault(loan.BorrowerId, -1);
            var lender = index.GetValueOrDefault(loan.LenderId, -1);
            if (monthIndex.TryGetValue(loan.RequestedMonth, out var requested))
            {
                At(everyone, requested).Requested(loan, true, true);
                if (borrower >= 0) At(borrower, requested).Requested(loan, true, borrower == lender);
                if (lender >= 0 && lender != borrower) At(lender, requested).Requested(loan, false, true);
            }
            if (loan is { ChargeMonth: { } chargeMonth, Billed: { } billed } && monthIndex.TryGetValue(chargeMonth, out var charged))
            {
                At(everyone, charged).Charged(billed, true, true);
                if (borrower >= 0) At(borrower, charged).Charged(billed, borrower == lender, true);
                if (lender >= 0 && lender != borrower) At(lender, charged).Charged(billed, true, false);
            }
        }

        var none = new Tally(currency);
        IReadOnlyList<Tally> MonthsOfWho(int who) => [.. Enumerable.Range(0, months.Count).Select(m => tallies[who * months.Count + m] ?? none)];
        MemberIllStatistics Row(Member member, int who)
        {
            var byMonth = MonthsOfWho(who);
            return new MemberIllStatistics(member.Id, member.Code, Tally.Sum(byMonth, currency).Figures(label), [.. byMonth.Select((t, m) => t.Figures(months[m]))]);
        }
        var rows = members
            .Select(m => (Member: m, Who: index[m.Id]))
            .Where(x => x.Member.IsActiveOn(period.End) || x.Member.IsActiveOn(period.Start) || Involved(x.Who))
            .OrderBy(x => x.Member.Code, StringComparer.Ordinal)
            .Select(x => Row(x.Member, x.Who))
            .ToList();
        var consortium = MonthsOfWho(everyone);
        return new IllStatisticsView(consortiumId, fiscalYear, month, period.Start, period.End, currency,
            Tally.Sum(consortium, currency).Figures(label), [.. consortium.Select((t, m) => t.Figures(months[m]))], rows);
    }

    /// <summary>
    /// One member's (or the consortium's) counts for a month: requests made and filled as borrower, received and filled as lender
    /// with the days each filled one took, and the charges billed as lender and as borrower.
    /// </summary>
    private sealed class Tally(string currency)
    {
        private int _made, _madeFilled, _received, _receivedFilled;
        private readonly List<int> _days = [];
        private Money _asLender = Money.Zero(currency), _asBorrower = Money.Zero(currency);

        public void Requested(IllLoan loan, bool asBorrower, bool asLender)
        {
            var filled = Filled(loan);
            if (asBorrower)
            {
                _made++;
                if (filled) _madeFilled++;
            }
            if (!asLender) return;
            _received++;
            if (!filled) return;
            _receivedFilled++;
            _days.Add(Period.DaysBetween(loan.RequestedOn, loan.SuppliedOn!.Value));
        }

        public void Charged(Money billed, bool asLender, bool asBorrower)
        {
            if (asLender) _asLender += billed;
            if (asBorrower) _asBorrower += billed;
        }

        public static Tally Sum(IEnumerable<Tally> months, string currency)
        {
            var sum = new Tally(currency);
            foreach (var t in months)
            {
                sum._made += t._made;
                sum._madeFilled += t._madeFilled;
                sum._received += t._received;
                sum._receivedFilled += t._receivedFilled;
                sum._days.AddRange(t._days);
                sum._asLender += t._asLender;
                sum._asBorrower += t._asBorrower;
            }
            return sum;
        }

        public IllFigures Figures(string label) => new(label, _made, _madeFilled, Rate(_madeFilled, _made), _received, _receivedFilled,
            Rate(_receivedFilled, _received), Median(_days), _asLender, _asBorrower);
    }

    public static bool Filled(IllLoan loan) => loan.SuppliedOn is not null;

    /// <summary>filled / requested, rounded half away from zero to three places; none when nothing was requested.</summary>
    public static decimal? Rate(int filled, int requested) =>
        requested == 0 ? null : Math.Round((decimal)filled / requested, 3, MidpointRounding.AwayFromZero);

    /// <summary>The middle value, or the mean of the two middle values; none for no values.</summary>
    public static decimal? Median(IReadOnlyList<int> values)
    {
        if (values.Count == 0) return null;
        var sorted = values.ToArray();
        Array.Sort(sorted);
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2m;
    }

    public static List<string> MonthsOf(DateInterval period)
    {
        var list = new List<string>();
        for (var m = period.Start.ToYearMonth(); m.OnDayOfMonth(1) <= period.End; m = m.OnDayOfMonth(1).PlusMonths(1).ToYearMonth())
            list.Add(Months.Format(m));
        return list;
    }
}
