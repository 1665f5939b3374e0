using NodaTime;
using SharingLedger.Audit;

namespace SharingLedger.Ledger;

/// <summary>
/// Places an event's postings in a fiscal period. A fact dated in a period that was closed when it was recorded is
/// posted on the first day of the first open period after it, as an adjustment naming the closed period; a closed
/// period's figures therefore never change. Pure: the closed periods are those closed just before the event.
/// </summary>
public static class PostingPeriods
{
    public static void Assign(IEnumerable<Posting> postings, IReadOnlyCollection<YearMonth> closedBefore)
    {
        foreach (var p in postings)
        {
            var factDate = p.BusinessDate;
            var placed = PeriodRules.PostingPeriodFor(factDate, closedBefore);
            p.FactDate = factDate;
            p.Period = PeriodRules.Format(placed.Period);
            p.AdjustsPeriod = placed.AdjustsClosedPeriod is { } closed ? PeriodRules.Format(closed) : null;
            if (placed.IsAdjustment) p.BusinessDate = placed.Period.OnDayOfMonth(1);
        }
    }
}
