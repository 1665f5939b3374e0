using System.Numerics;
using NodaTime;
using SharingLedger.Agreements;
using SharingLedger.Kernel.Arithmetic;
using SharingLedger.Kernel.Money;
using SharingLedger.Kernel.Reimbursement;
using SharingLedger.Membership;
using SharingLedger.Loans;

namespace SharingLedger.Reimbursement;

/// <summary>
/// A fiscal year's net-lender reimbursement, computed by the kernel from the loans supplied and borrowed in it: a loan
/// counts when the lender shipped it (or delivered the copy) on a day of the year. Members active on any day of the
/// year take part, and so does anyone who lent or borrowed in it.
/// </summary>
public static class ReimbursementCalculation
{
    public static ReimbursementView Compute(Guid consortiumId, int fiscalYear, DateInterval period, AgreementAdopted version, string currency,
        IReadOnlyList<Member> members, IReadOnlyList<LoanSupply> supplies, IReadOnlyDictionary<Guid, Money> documentedCosts)
    {
        var term = version.Lending!.Reimbursement!;
        // Each member's supplies and borrowings in the year, counted in one pass over the loans supplied in it.
        var inYear = supplies.Where(l => period.Contains(l.SuppliedOn)).ToList();
        var supplied = inYear.CountBy(l => l.LenderId).ToDictionary();
        var borrowed = inYear.CountBy(l => l.BorrowerId).ToDictionary();
        long Count(Dictionary<Guid, int> counts, Guid id) => counts.GetValueOrDefault(id);
        var counted = members
            .Select(m => (Member: m, Counts: new LendingCounts(LendingCharges.Id(m.Id), Count(supplied, m.Id), Count(borrowed, m.Id))))
            .Where(x => x.Counts.Loans > 0 || x.Counts.Borrows > 0 || (x.Member.AdmittedOn <= period.End && (x.Member.WithdrawnOn is null || x.Member.WithdrawnOn > period.Start)))
            .OrderBy(x => x.Member.Code, StringComparer.Ordinal)
            .ToList();

        if (term.Method == ReimbursementMethod.NetLender)
        {
            var pool = term.Pool!.Value;
            var payout = NetLenderReimbursement.Compute(pool, term.PerLoanShare!.Value, counted.Select(x => x.Counts).ToList());
            var totalLoans = counted.Sum(x => x.Counts.Loans);
            var totalNet = counted.Sum(x => Math.Max(0, x.Counts.NetLending));
            var lines = counted.Select(x =>
            {
                var s = payout.For(x.Counts.MemberId);
                var rounding = s.RoundingAdjustmentMinor == 0 ? "no rounding adjustment" : $"{s.RoundingAdjustmentMinor:+0;-0} minor unit by largest-remainder rounding";
                var explanation = $"{x.Counts.Loans} of {totalLoans} loans supplied share {Major(s.PerLoanPartMinor, pool)} (the part {term.PerLoanShare} of the pool {pool} paid per loan); " +
                    $"net lending {x.Counts.Loans} − {x.Counts.Borrows} = {x.Counts.NetLending}" +
                    (x.Counts.NetLending > 0 ? $", {x.Counts.NetLending} of {totalNet} positive nets, shares {Major(s.NetLendingPartMinor, pool)}" : ", not a net lender: nothing from the net-lending part") +
                    $". Exact {Major(s.ExactMinor, pool)}, paid {s.Amount} ({rounding}).";
                return new ReimbursementLine(x.Member.Id, x.Member.Code, x.Counts.Loans, x.Counts.Borrows, x.Counts.NetLending, s.Amount,
                    Major(s.ExactMinor, pool), s.RoundingAdjustmentMinor, Major(s.PerLoanPartMinor, pool), Major(s.NetLendingPartMinor, pool),
                    null, null, false, explanation);
            }).ToList();
            return new ReimbursementView(consortiumId, fiscalYear, period.Start, period.End, term.Method, version.AgreementId, version.Version,
                pool, term.PerLoanShare, null, Money.Sum(lines.Select(l => l.Amount), currency), payout.Unspent, lines);
        }

        var rate = term.RatePerLoan!.Value;
        var payments = PerLoanReimbursement.Compute(rate, counted
            .Select(x => new PerLoanClaim(x.Counts.MemberId, x.Counts.Loans, documentedCosts.TryGetValue(x.Member.Id, out var cost) ? cost : null)).ToList());
        var perLoan = counted.Select(x =>
        {
            var p = payments.Single(p => p.MemberId == x.Counts.MemberId);
            var documented = documentedCosts.TryGetValue(x.Member.Id, out var cost) ? cost : (Money?)null;
            var explanation = $"{x.Counts.Loans} loans supplied at {rate} = {p.Uncapped}" +
                (p.CappedAtCost ? $", capped at the documented lending cost of {documented}" : documented is { } d ? $" (documented cost {d} does not bind)" : " (no documented cost)") + ".";
            return new ReimbursementLine(x.Member.Id, x.Member.Code, x.Counts.Loans, x.Counts.Borrows, x.Counts.NetLending, p.Amount, null, 0, null, null,
                p.Uncapped, documented, p.CappedAtCost, explanation);
        }).ToList();
        return new ReimbursementView(consortiumId, fiscalYear, period.Start, period.End, term.Method, version.AgreementId, version.Version,
            null, null, rate, Money.Sum(perLoan.Select(l => l.Amount), currency), null, perLoan);
    }

    /// <summary>An exact amount in minor units as major units to six places.</summary>
    private static string Major(Fraction minor, Money like) => (minor / new Fraction(BigInteger.Pow(10, like.MinorUnits))).ToDecimalString(6);
}
