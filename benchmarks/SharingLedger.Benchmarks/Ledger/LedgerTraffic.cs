using NodaTime;
using SharingLedger.Agreements;
using SharingLedger.Infrastructure;
using SharingLedger.Kernel.CostSharing;
using SharingLedger.Kernel.Money;
using SharingLedger.Ledger;
using SharingLedger.Loans;
using SharingLedger.Membership;
using SharingLedger.Procurement;
using SharingLedger.Sharing;
using SharingLedger.Clearing;
using SharingLedger.Reimbursement;
using SharingLedger.LendingDuties;
using SharingLedger.Kernel.Lending;

namespace SharingLedger.Benchmarks.Ledger;

/// <summary>A stream of real ledger events to bulk-append: its id, the aggregate it belongs to and its events in order.</summary>
public sealed record LedgerStream(Guid StreamId, Type AggregateType, IReadOnlyList<object> Events);

/// <summary>
/// Money-moving events for issue 5, of the service's own types so the <see cref="PostingProjection"/> turns them into
/// postings: for every member twelve settled clearing months (random nets, the fund's fees balancing them) and four
/// payments on account in 2025; and for one large member years of joint procurements it alone committed to, nine in ten
/// of them paid item by item, with small credit notes on account, until it has the asked number of postings.
/// </summary>
public static class LedgerTraffic
{
    public static List<LedgerStream> Generate(BenchConsortium consortium, Member big, int bigPostings, int seed = 20250505)
    {
        var random = new Random(seed);
        var c = consortium.Id;
        var year = BenchConsortium.Year;
        var streams = new List<LedgerStream>();
        Instant At(LocalDate d) => d.AtStartOfDayInZone(DateTimeZone.Utc).ToInstant().Plus(Duration.FromHours(10 + random.Next(0, 8)));
        Money Usd(long minor) => new(minor, "USD");

        for (var m = 1; m <= 12; m++)
        {
            var month = new YearMonth(year, m);
            var text = Months.Format(month);
            var end = month.OnDayOfMonth(month.Calendar.GetDaysInMonth(year, m));
            var positions = consortium.Members.Select(x =>
            {
                var lent = random.Next(0, 400) * 1500L;
                var borrowed = random.Next(0, 400) * 1500L;
                var fees = borrowed / 1500 * 26;
                var net = lent - borrowed - fees;
                return new ClearingPositionLine(x.Id, x.Code, Usd(lent), Usd(borrowed), Usd(fees), Usd(net), (int)(borrowed / 1500),
                    net > 0 ? "receives" : net < 0 ? "pays" : "none");
            }).ToList();
            var fund = Usd(-positions.Sum(p => p.Net.Minor));
            var id = StreamIds.Clearing(c, text);
            streams.Add(new LedgerStream(id, typeof(ClearingSettlement),
                [new ClearingSettled(id, c, text, month.OnDayOfMonth(1), end, "USD", positions, fund, positions.Sum(p => p.BilledBorrowings), At(end.PlusDays(3)))]));
        }

        foreach (var x in consortium.Members.Where(x => x.Id != big.Id))
        {
            var payments = Enumerable.Range(0, 4).Select(q =>
            {
                var on = new LocalDate(year, 3 * q + 2, 15);
                return (object)new PaymentReceived(StreamIds.MemberAccount(c, x.Id), c, x.Id, Guid.CreateVersion7(), Usd(random.Next(50_000, 400_000)),
                    $"BANK-{x.Code}-{q}", on, [], "on account", At(on));
            }).ToList();
            streams.Add(new LedgerStream(StreamIds.MemberAccount(c, x.Id), typeof(MemberAccount), payments));
        }

        // The large member: procurements (a debit each), payments of nine in ten of them (a credit each) and small
        // credit notes on account every twentieth, over the ten years to the end of 2025.
        var version = consortium.Agreement.Versions.Single(v => v.Version == 1);
        var term = new SharingTerm(CostSharingRule.Equal());
        var account = new List<object>();
        var first = new LocalDate(year - 9, 1, 1);
        var days = Period.Between(first, new LocalDate(year, 11, 30), PeriodUnits.Days).Days;
        var posted = 0;
        var n = 0;
        while (posted < bigPostings)
        {
            n++;
            var on = first.PlusDays((int)((long)days * n / (bigPostings / 2 + 1)));
            var id = Guid.CreateVersion7();
            var amount = Usd(random.Next(10_000, 500_000));
            var line = new ShareLine(big.Id, big.Code, amount, "1/1", amount.ToDecimalString(), 0, new Dictionary<BasisAttribute, decimal>());
            streams.Add(new LedgerStream(id, typeof(JointProcurement),
                [new ProcurementCostApportioned(id, c, on.Year, on, version.AgreementId, version.Version, "databases", term, amount, [line], Usd(0), At(on))]));
            posted++;
            if (posted < bigPostings && n % 10 != 0)
            {
                var paidOn = on.PlusDays(30);
                account.Add(new PaymentReceived(StreamIds.MemberAccount(c, big.Id), c, big.Id, Guid.CreateVersion7(), amount, $"BANK-{big.Code}-{n}", paidOn,
                    [new ItemAllocation($"procurement:{id:N}", amount)], "by item", At(paidOn)));
                posted++;
            }
            if (posted < bigPostings && n % 20 == 0)
            {
                account.Add(new CreditNoteIssued(StreamIds.MemberAccount(c, big.Id), c, big.Id, Guid.CreateVersion7(), Usd(1_000), "Service credit", null, on, At(on)));
                posted++;
            }
        }
        streams.Add(new LedgerStream(StreamIds.MemberAccount(c, big.Id), typeof(MemberAccount), account));
        return streams;
    }
}
