using SharingLedger.Kernel.Money;
using System.Diagnostics;
using NodaTime;
using SharingLedger.Loans;
using SharingLedger.Loans.Statistics;
using SharingLedger.Membership;

namespace SharingLedger.Benchmarks.Ledger;

/// <summary>
/// A year's ILL statistics worked out in memory for a consortium of <c>members</c> and <c>loans</c> requests between random members
/// (four in five supplied, one to nine days after the request): the calculation alone, without reading the loans (issue 14, reads
/// at national size). Prints each run's time; the same loans every run (a fixed seed).
/// </summary>
public static class YearFiguresRun
{
    public static void Run(int memberCount, int loanCount, int runs)
    {
        var random = new Random(14);
        var year = new DateInterval(new LocalDate(2025, 1, 1), new LocalDate(2025, 12, 31));
        var members = Enumerable.Range(0, memberCount)
            .Select(i => new Member { Id = Guid.CreateVersion7(), Code = $"LIB{i:D5}", AdmittedOn = new LocalDate(2020, 1, 1) }).ToList();
        var loans = new List<IllLoan>(loanCount);
        for (var i = 0; i < loanCount; i++)
        {
            var borrower = random.Next(memberCount);
            var lender = (borrower + 1 + random.Next(memberCount - 1)) % memberCount;
            var requested = year.Start.PlusDays(random.Next(365));
            LocalDate? supplied = random.Next(5) == 0 ? null : requested.PlusDays(1 + random.Next(9));
            loans.Add(new IllLoan(members[borrower].Id, members[lender].Id, requested, supplied,
                supplied is { } on ? Months.Of(on) : null, supplied is null ? null : Money.Parse("15.00", "CNY")));
        }
        Console.WriteLine($"{memberCount} members, {loanCount} loans of 2025");
        for (var run = 1; run <= runs; run++)
        {
            var watch = Stopwatch.StartNew();
            var view = IllStatisticsCalculation.Compute(Guid.Empty, 2025, null, year, "CNY", members, loans);
            Console.WriteLine($"run {run}: ILL statistics in {watch.Elapsed.TotalMilliseconds:F0} ms ({view.Consortium.RequestsMade} requests, {view.Members.Count} members)");
        }
    }
}
