using NodaTime;
using SharingLedger.Infrastructure;
using SharingLedger.Infrastructure.Http;
using SharingLedger.Loans;
using SharingLedger.Agreements;

namespace SharingLedger.Clearing;

/// <summary>
/// The decision of a month's clearing, free of HTTP and storage: given the month's settlement (null until it is settled),
/// the month's positions as computed now and today's date, the settlement it records, or why it records nothing.
/// </summary>
public static class ClearingDecisions
{
    public static Decision Settle(ClearingSettlement? settlement, Guid settlementId, ClearingView view, LocalDate today, Instant now)
    {
        if (settlement is not null) return new Decision.Conflict($"The clearing of {view.Month} was already settled at {settlement.Settled.SettledAt}.");
        if (view.PeriodEnd >= today)
            return new Decision.Invalid([new("month", $"{view.Month} is not over yet (today is {today:uuuu-MM-dd}); settle it from the first day after it.")]);
        return Decision.Accept(new ClearingSettled(settlementId, view.ConsortiumId, view.Month, view.PeriodStart, view.PeriodEnd,
            view.Currency, view.Positions, view.Fund, view.Charges.Count, now));
    }
}
