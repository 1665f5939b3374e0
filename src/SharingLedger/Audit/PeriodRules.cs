using Marten;
using NodaTime;
using NodaTime.Text;
using SharingLedger.Infrastructure;

namespace SharingLedger.Audit;

/// <summary>
/// Where a fact dated <c>BusinessDate</c> is posted: <see cref="Period"/>, the first open period on or after the date.
/// When the date's own period is closed, the fact is an adjustment in <see cref="Period"/> that names the closed
/// period it belongs to (<see cref="AdjustsClosedPeriod"/>).
/// </summary>
public sealed record PostingPeriod(YearMonth Period, YearMonth? AdjustsClosedPeriod)
{
    public bool IsAdjustment => AdjustsClosedPeriod is not null;
}

/// <summary>
/// Fiscal periods are calendar months ("yyyy-MM"). A consortium's fiscal year starts on day 1 of a month, so its
/// twelve periods are whole months, grouped into fiscal years by <see cref="Consortia.FiscalCalendar"/>.
/// </summary>
public static class PeriodRules
{
    public static string Format(YearMonth period) => YearMonthPattern.Iso.Format(period);

    public static bool TryParse(string? text, out YearMonth period)
    {
        var result = YearMonthPattern.Iso.Parse(text ?? "");
        period = result.Success ? result.Value : default;
        return result.Success && period.Year is >= 1900 and <= 9998;
    }

    public static DateInterval Dates(YearMonth period) => period.ToDateInterval();

    /// <summary>
    /// Pure: the period a fact dated <paramref name="businessDate"/> is posted in, given the periods closed now.
    /// The date's own month when it is open; otherwise the first open month after it, as an adjustment naming the
    /// date's (closed) month. Other slices (postings) call this with <see cref="FiscalPeriods.ClosedPeriods"/> or
    /// <see cref="ClosedPeriodsAsync"/>.
    /// </summary>
    public static PostingPeriod PostingPeriodFor(LocalDate businessDate, IEnumerable<YearMonth> closedPeriods)
    {
        var closed = closedPeriods as ISet<YearMonth> ?? closedPeriods.ToHashSet();
        var own = businessDate.ToYearMonth();
        if (!closed.Contains(own)) return new PostingPeriod(own, null);
        var period = own;
        while (closed.Contains(period)) period = period.OnDayOfMonth(1).PlusMonths(1).ToYearMonth();
        return new PostingPeriod(period, own);
    }

    /// <summary>
    /// Pure: the periods that stood closed just before the event at <paramref name="sequence"/> in the log, from the
    /// consortium's closings and reopenings with their own sequences (the periods stream). Each period's last act
    /// before that sequence decides.
    /// </summary>
    public static IReadOnlyList<YearMonth> ClosedBefore(IEnumerable<(long Sequence, object Act)> periodEvents, long sequence)
    {
        var closed = new Dictionary<string, bool>();
        foreach (var (at, act) in periodEvents.Where(x => x.Sequence < sequence).OrderBy(x => x.Sequence))
        {
            if (act is PeriodClosed c) closed[c.Period] = true;
            else if (act is PeriodReopened r) closed[r.Period] = false;
        }
        return closed.Where(p => p.Value).Select(p => YearMonthPattern.Iso.Parse(p.Key).Value).Order().ToList();
    }

    /// <summary>The consortium's periods closed now (none when it never closed one).</summary>
    public static async Task<IReadOnlyList<YearMonth>> ClosedPeriodsAsync(IQuerySession session, Guid consortiumId, CancellationToken ct) =>
        (await session.LoadAsync<FiscalPeriods>(StreamIds.FiscalPeriods(consortiumId), ct))?.ClosedPeriods() ?? [];
}
