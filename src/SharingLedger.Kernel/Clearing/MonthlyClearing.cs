using SharingLedger.Kernel.CostSharing;
using M = SharingLedger.Kernel.Money.Money;

namespace SharingLedger.Kernel.Clearing;

/// <summary>
/// Nets a month's interlibrary-loan charges per member. Members of a reciprocal group lend to each other
/// free; a charge above the borrower's maximum cost is not billed unless the borrower accepted the
/// condition; each billed borrowing costs the borrower the transaction fee, which goes to the fund.
/// </summary>
public static class MonthlyClearing
{
    public static ClearingStatement Clear(IReadOnlyList<string> members, IReadOnlyList<IllCharge> charges, ClearingTerms terms)
    {
        var currency = terms.TransactionFee.Currency;
        Validate(members, charges, terms);
        var reciprocal = new ReciprocalGroups(terms.ReciprocalGroups);
        var zero = M.Zero(currency);
        var lent = members.ToDictionary(m => m, _ => zero, StringComparer.Ordinal);
        var borrowed = members.ToDictionary(m => m, _ => zero, StringComparer.Ordinal);
        var fees = members.ToDictionary(m => m, _ => zero, StringComparer.Ordinal);
        var billedCount = members.ToDictionary(m => m, _ => 0, StringComparer.Ordinal);

        var cleared = new List<ClearedCharge>(charges.Count);
        for (var i = 0; i < charges.Count; i++)
        {
            var c = charges[i];
            var outcome = OutcomeOf(c, reciprocal);
            if (outcome == ChargeOutcome.Billed)
            {
                lent[c.Lender] += c.Charge;
                borrowed[c.Borrower] += c.Charge;
                fees[c.Borrower] += terms.TransactionFee;
                billedCount[c.Borrower]++;
                cleared.Add(new ClearedCharge(i, c, outcome, c.Charge, terms.TransactionFee));
            }
            else cleared.Add(new ClearedCharge(i, c, outcome, zero, zero));
        }

        var positions = members
            .OrderBy(m => m, StringComparer.Ordinal)
            .Select(m => new ClearingPosition(m, lent[m], borrowed[m], fees[m], lent[m] - borrowed[m] - fees[m], billedCount[m]))
            .ToList();
        return new ClearingStatement(currency, positions, M.Sum(fees.Values, currency), cleared);
    }

    /// <summary>What clearing does with one charge under the given terms.</summary>
    public static ChargeOutcome OutcomeOf(IllCharge charge, ClearingTerms terms) =>
        OutcomeOf(charge, ReciprocalGroups.Of(terms));

    // Reciprocity first (a free loan draws no fee whatever its charge), then the maximum cost.
    private static ChargeOutcome OutcomeOf(IllCharge c, ReciprocalGroups reciprocal)
    {
        if (reciprocal.AreReciprocal(c.Borrower, c.Lender)) return ChargeOutcome.ReciprocalFree;
        if (c.MaxCost is { } max && c.Charge > max && !c.ConditionAccepted) return ChargeOutcome.AboveMaxCost;
        return c.Charge.IsZero ? ChargeOutcome.NoCharge : ChargeOutcome.Billed;
    }

    private static void Validate(IReadOnlyList<string> members, IReadOnlyList<IllCharge> charges, ClearingTerms terms)
    {
        var currency = terms.TransactionFee.Currency;
        var errors = new List<RuleViolation>();
        var known = members.ToHashSet(StringComparer.Ordinal);
        if (known.Count != members.Count) errors.Add(new("members", "A member is listed twice."));
        if (terms.TransactionFee.IsNegative) errors.Add(new("transactionFee", "The transaction fee cannot be negative."));
        var groups = terms.ReciprocalGroups ?? [];
        for (var g = 0; g < groups.Count; g++)
        {
            var unknown = groups[g].Where(m => !known.Contains(m)).ToList();
            if (unknown.Count > 0) errors.Add(new($"reciprocalGroups[{g}]", $"Not members: {string.Join(", ", unknown)}."));
        }
        for (var i = 0; i < charges.Count; i++)
        {
            var c = charges[i];
            var at = $"charges[{i}]";
            if (!known.Contains(c.Borrower)) errors.Add(new($"{at}.borrower", $"{c.Borrower} is not a member."));
            if (!known.Contains(c.Lender)) errors.Add(new($"{at}.lender", $"{c.Lender} is not a member."));
            if (c.Borrower == c.Lender) errors.Add(new($"{at}.lender", "A member cannot lend to itself."));
            if (c.Charge.Currency != currency)
                errors.Add(new($"{at}.charge", $"The charge is in {c.Charge.Currency}; clearing is in {currency}. Convert it at its recorded rate first."));
            else if (c.Charge.IsNegative) errors.Add(new($"{at}.charge", "A charge cannot be negative."));
            if (c.MaxCost is { } max && max.Currency != currency)
                errors.Add(new($"{at}.maxCost", $"The maximum cost is in {max.Currency}; clearing is in {currency}."));
        }
        if (errors.Count > 0) throw new CostSharingException(errors);
    }
}
