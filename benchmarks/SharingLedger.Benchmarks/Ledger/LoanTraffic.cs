using NodaTime;
using SharingLedger.Kernel.Money;
using SharingLedger.Loans;
using SharingLedger.Membership;
using SharingLedger.Clearing;
using SharingLedger.Reimbursement;
using SharingLedger.LendingDuties;
using SharingLedger.Kernel.Lending;
using SharingLedger.Agreements;

namespace SharingLedger.Benchmarks.Ledger;

/// <summary>One loan's stream as the service would have recorded it: its id and its events in order.</summary>
public sealed record LoanStream(Guid LoanId, IReadOnlyList<object> Events);

/// <summary>
/// A year of interlibrary-loan traffic between a consortium's members, made of the service's own loan events with full
/// lifecycles: requests, supply answers, shipments and copies priced by the agreement's fee schedule
/// (<see cref="LendingCharges.Price"/>, so reciprocity and maximum costs decide what is billed), receipts, renewals,
/// overdues, returns, conditional offers, unfilled and cancelled requests, and a few lost items billed for replacement.
/// Lenders are skewed towards the large libraries. Seeded, so every run sees the same traffic.
/// </summary>
public static class LoanTraffic
{
    public static List<LoanStream> Generate(BenchConsortium consortium, int targetEvents, int seed = 20250101)
    {
        var random = new Random(seed);
        var members = consortium.Members;
        var year = BenchConsortium.Year;
        var first = new LocalDate(year, 1, 1);
        var streams = new List<LoanStream>(targetEvents / 5);
        var total = 0;
        var n = 0;
        while (total < targetEvents)
        {
            var borrower = members[random.Next(members.Count)];
            var lender = members[(int)(members.Count * Math.Pow(random.NextDouble(), 2))];
            if (lender.Id == borrower.Id) continue;
            var events = Lifecycle(random, consortium, borrower, lender, first.PlusDays(random.Next(0, 354)), ++n);
            streams.Add(new LoanStream(((LoanRequested)events[0]).LoanId, events));
            total += events.Count;
        }
        return streams;
    }

    private static List<object> Lifecycle(Random random, BenchConsortium consortium, Member borrower, Member lender, LocalDate requestedOn, int n)
    {
        var id = Guid.CreateVersion7();
        var copy = random.NextDouble() < 0.25;
        var roll = random.NextDouble();
        var level = roll < 0.80 ? ServiceLevel.Normal : roll < 0.95 ? ServiceLevel.Rush : ServiceLevel.Express;
        Money? maxCost = random.NextDouble() < 0.15 ? new Money(1500, "USD") : null;
        var day = requestedOn;
        Instant At(LocalDate d) => d.AtStartOfDayInZone(DateTimeZone.Utc).ToInstant().Plus(Duration.FromSeconds(random.Next(8 * 3600, 18 * 3600)));

        var requested = new LoanRequested(id, consortium.Id, borrower.Id, borrower.Code, lender.Id, lender.Code,
            copy ? ServiceType.Copy : ServiceType.Loan, level, maxCost, $"REQ-{n:D7}", copy ? $"Article {n}" : $"Book {n}", day, At(day));
        var loan = Loan.Create(requested);
        var events = new List<object> { requested };
        LocalDate Next(int min, int max) => day = day.PlusDays(random.Next(min, max + 1));

        var path = random.NextDouble();
        if (path < 0.08) { events.Add(new LoanUnfilled(id, Next(1, 3), "Not on shelf", At(day))); return events; }
        if (path < 0.10) { events.Add(new LoanCancelled(id, Next(0, 2), "No longer needed", At(day))); return events; }
        if (path < 0.13)
        {
            events.Add(new LoanConditionOffered(id, Next(1, 2), new Money(3000, "USD"), "Costs more", At(day)));
            events.Add(new LoanConditionDeclined(id, Next(0, 2), null, At(day)));
            return events;
        }
        if (path < 0.17)
        {
            var offered = new Money(2000 + 500 * random.Next(0, 4), "USD");
            events.Add(new LoanConditionOffered(id, Next(1, 2), offered, "Rare item", At(day)));
            var accepted = new LoanConditionAccepted(id, Next(0, 2), offered, null, At(day));
            loan.Apply(accepted);
            events.Add(accepted);
        }
        else
        {
            if (random.NextDouble() < 0.5) events.Add(new LoanSupplyExpected(id, Next(0, 1), null, At(day)));
            events.Add(new LoanSupplyConfirmed(id, Next(0, 2), null, At(day)));
        }

        var kind = (borrower.FiguresOn(day) ?? borrower.Current).Kind;
        if (copy)
        {
            var pages = random.Next(3, 80);
            var shippedOn = Next(1, 3);
            var now = At(shippedOn);
            events.Add(new LoanCopyCompleted(id, shippedOn, pages, null, now));
            AddCharge(events, LendingCharges.Price(loan, consortium.Agreement, kind, shippedOn, pages, "USD", now));
            return events;
        }

        var shipped = Next(1, 3);
        var at = At(shipped);
        var due = shipped.PlusDays(28);
        events.Add(new LoanShipped(id, shipped, due, null, at));
        AddCharge(events, LendingCharges.Price(loan, consortium.Agreement, kind, shipped, null, "USD", at));
        events.Add(new LoanReceived(id, Next(2, 5), null, At(day)));
        if (random.NextDouble() < 0.10) events.Add(new LoanRenewed(id, Next(10, 20), due = due.PlusDays(28), null, At(day)));
        if (random.NextDouble() < 0.05)
        {
            day = due;
            var overdue = new LoanOverdue(id, Next(1, 5), "Past due", At(day));
            loan.Apply(overdue);
            events.Add(overdue);
            if (random.NextDouble() < 0.2)
            {
                var lost = LostItemRules.Notice(loan, consortium.Agreement, Next(5, 20), "Borrower lost it", At(day));
                events.Add(lost);
                var billOn = Next(1, 10);
                events.Add(new ReplacementCharged(id, consortium.Id, borrower.Id, lender.Id, new Money(random.Next(3000, 12000), "USD"), lost.On,
                    lost.BillingDeadline, billOn, Months.Of(billOn), At(billOn)));
                return events;
            }
        }
        else
        {
            day = due.PlusDays(-random.Next(3, 12));
        }
        events.Add(new LoanReturnShipped(id, Next(0, 1), null, At(day)));
        events.Add(new LoanCompleted(id, Next(2, 4), null, At(day)));
        return events;
    }

    private static void AddCharge(List<object> events, LendingCharged? charge)
    {
        if (charge is not null) events.Add(charge);
    }
}
