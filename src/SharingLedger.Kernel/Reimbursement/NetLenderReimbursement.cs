using SharingLedger.Kernel.Arithmetic;
using SharingLedger.Kernel.CostSharing;
using SharingLedger.Kernel.Money;
using M = SharingLedger.Kernel.Money.Money;

namespace SharingLedger.Kernel.Reimbursement;

/// <summary>
/// Net-lender reimbursement: a part f of the pool P is paid per loan supplied, P·f·loans_i/Σloans; the
/// rest goes to net lenders in proportion to loans minus borrowings, counting positive nets only,
/// P·(1−f)·net_i/Σnet⁺. Each member's two parts are added exactly and rounded once, by largest remainder.
/// </summary>
public static class NetLenderReimbursement
{
    public static ReimbursementPayout Compute(M pool, decimal perLoanShare, IReadOnlyList<LendingCounts> members)
    {
        Validate(pool, perLoanShare, members);
        var ordered = members.OrderBy(m => m.MemberId, StringComparer.Ordinal).ToList();
        var poolMinor = new Fraction(pool.Minor);
        var perLoanPool = poolMinor * Fraction.FromDecimal(perLoanShare);
        var netPool = poolMinor - perLoanPool;
        var loans = ordered.Sum(m => m.Loans);
        var nets = ordered.Sum(m => Math.Max(0, m.NetLending));

        var perLoanParts = ordered.Select(m => loans == 0 ? Fraction.Zero : perLoanPool * new Fraction(m.Loans, loans)).ToList();
        var netParts = ordered.Select(m => nets == 0 ? Fraction.Zero : netPool * new Fraction(Math.Max(0, m.NetLending), nets)).ToList();
        var exact = perLoanParts.Zip(netParts, (a, b) => a + b).ToList();
        var unspent = poolMinor - exact.Aggregate(Fraction.Zero, (a, b) => a + b);

        // One rounding over the members and the unspent rest (ranked last on ties).
        var scaled = CommonDenominator.Of([.. exact, unspent]);
        var rounded = LargestRemainder.Round(scaled.Numerators, scaled.Denominator, Enumerable.Range(0, ordered.Count + 1).ToList());
        var shares = ordered.Select((m, i) => new ReimbursementShare(m.MemberId, new M(rounded.Minor[i], pool.Currency), exact[i],
            rounded.RoundedUp[i] ? 1 : 0, m, perLoanParts[i], netParts[i])).ToList();
        return new ReimbursementPayout(pool, perLoanShare, shares, new M(rounded.Minor[ordered.Count], pool.Currency));
    }

    private static void Validate(M pool, decimal perLoanShare, IReadOnlyList<LendingCounts> members)
    {
        var errors = new List<RuleViolation>();
        if (pool.IsNegative) errors.Add(new("pool", "The pool cannot be negative."));
        if (perLoanShare is < 0m or > 1m) errors.Add(new("perLoanShare", "The part paid per loan must be between 0 and 1."));
        if (members.Count == 0) errors.Add(new("members", "There are no members to reimburse."));
        if (members.Select(m => m.MemberId).Distinct(StringComparer.Ordinal).Count() != members.Count)
            errors.Add(new("members", "A member is listed twice."));
        foreach (var m in members)
        {
            if (m.Loans < 0) errors.Add(new($"members.{m.MemberId}.loans", "Loans cannot be negative."));
            if (m.Borrows < 0) errors.Add(new($"members.{m.MemberId}.borrows", "Borrowings cannot be negative."));
        }
        if (errors.Count > 0) throw new CostSharingException(errors);
    }
}
