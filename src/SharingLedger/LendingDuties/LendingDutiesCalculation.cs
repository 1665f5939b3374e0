using NodaTime;
using SharingLedger.Agreements;
using SharingLedger.Kernel.Lending;
using SharingLedger.Loans;

namespace SharingLedger.LendingDuties;

/// <summary>Works out a member's lending duties and rights from its loans and the agreement.</summary>
public static class LendingDutiesCalculation
{
    public static RatioFigures? Ratio(LendingFees? terms, long supplied, long borrowed) =>
        terms?.TargetRatio is not { } target ? null
            : new RatioFigures(target.ToString(), $"{supplied}:{borrowed}", LendingRatio.Actual(supplied, borrowed)?.ToString(),
                target.IsMetBy(supplied, borrowed), target.SuppliesShort(supplied, borrowed));

    public static SupplyWindowFigures? MinimumSupplies(LendingFees? terms, IEnumerable<ILendingFacts> loans, Guid memberId, LocalDate asOf)
    {
        if (terms?.MinimumSupplies is not { } minimum) return null;
        var count = minimum.Count(loans.Where(l => l.LenderId == memberId && l.SuppliedOn is not null).Select(l => l.SuppliedOn!.Value), asOf);
        return new SupplyWindowFigures(count.WindowStart, count.WindowEnd, minimum.WindowDays, count.Supplied, count.Minimum, count.Shortfall, count.FallsShort);
    }

    public static TurnaroundFigures? Turnaround(LendingFees? terms, Agreement? agreement, IEnumerable<ILendingFacts> loans, Guid memberId, LocalDate from, LocalDate asOf)
    {
        var measured = 0; var answersLate = 0; var shipmentsMeasured = 0; var shipmentsLate = 0;
        var breaches = new List<TurnaroundBreach>();
        foreach (var loan in loans.Where(l => l.LenderId == memberId && l.RequestedOn >= from && l.RequestedOn <= asOf)
                     .OrderBy(l => l.RequestedOn).ThenBy(l => l.Id))
        {
            if (agreement?.InForceOn(loan.RequestedOn)?.Lending?.ServiceTimes is not { } st || st.For(loan.ServiceLevel) is not { } times) continue;
            var timeline = loan.Timeline;
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

    public static FreePageFigures? FreePages(LendingFees? terms, Agreement? agreement, IEnumerable<ILendingFacts> loans, Guid memberId, DateInterval year)
    {
        if (terms?.FreePagesPerYear is not { } allowance) return null;
        var used = LendingCharges.AllowancePagesUsed(agreement, loans, memberId, year);
        return new FreePageFigures(allowance, used, PageAllowance.Left(allowance, used));
    }

    private static TurnaroundBreach Breach(ILendingFacts loan, string deadline, LocalDate due, LocalDate? done) =>
        new(loan.Id, loan.RequestId, loan.BorrowerCode, loan.ServiceLevel, loan.RequestedOn, deadline, due, done);
}
