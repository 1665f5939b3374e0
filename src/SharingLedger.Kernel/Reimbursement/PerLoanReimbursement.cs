using SharingLedger.Kernel.CostSharing;
using M = SharingLedger.Kernel.Money.Money;

namespace SharingLedger.Kernel.Reimbursement;

/// <summary>A lender's claim under a fixed amount per loan: its loans and, if documented, its lending costs.</summary>
public sealed record PerLoanClaim(string MemberId, long Loans, M? DocumentedCost = null);

/// <summary>A lender's payment: the rate times its loans, capped at its documented costs.</summary>
public sealed record PerLoanPayment(string MemberId, M Amount, M Uncapped, bool CappedAtCost);

/// <summary>
/// The other reimbursement practice: a fixed amount per loan supplied, capped at the lender's documented
/// costs. Amounts are whole minor units times whole loans, so nothing needs rounding.
/// </summary>
public static class PerLoanReimbursement
{
    public static IReadOnlyList<PerLoanPayment> Compute(M ratePerLoan, IReadOnlyList<PerLoanClaim> claims)
    {
        var errors = new List<RuleViolation>();
        if (ratePerLoan.IsNegative) errors.Add(new("ratePerLoan", "The rate cannot be negative."));
        foreach (var c in claims)
        {
            if (c.Loans < 0) errors.Add(new($"members.{c.MemberId}.loans", "Loans cannot be negative."));
            if (c.DocumentedCost is { } cost && (cost.Currency != ratePerLoan.Currency || cost.IsNegative))
                errors.Add(new($"members.{c.MemberId}.documentedCost", $"The documented cost must be a non-negative amount in {ratePerLoan.Currency}."));
        }
        if (claims.Select(c => c.MemberId).Distinct(StringComparer.Ordinal).Count() != claims.Count)
            errors.Add(new("members", "A member is listed twice."));
        if (errors.Count > 0) throw new CostSharingException(errors);

        return claims
            .OrderBy(c => c.MemberId, StringComparer.Ordinal)
            .Select(c =>
            {
                var uncapped = new M(checked(ratePerLoan.Minor * c.Loans), ratePerLoan.Currency);
                var capped = c.DocumentedCost is { } cost && cost < uncapped;
                return new PerLoanPayment(c.MemberId, capped ? c.DocumentedCost!.Value : uncapped, uncapped, capped);
            })
            .ToList();
    }
}
