using System.Numerics;
using SharingLedger.Kernel.Arithmetic;

namespace SharingLedger.Kernel.CostSharing;

/// <summary>
/// Turns a rule and the members' figures into each member's exact fraction of the cost.
/// The fractions add up to exactly one.
/// </summary>
public static class RuleWeights
{
    public static IReadOnlyDictionary<string, Fraction> Compute(CostSharingRule rule, IReadOnlyList<MemberFigures> members)
    {
        var errors = RuleValidation.Check(rule).ToList();
        if (members.Count == 0) errors.Add(new("members", "There are no members to share the cost."));
        if (members.Select(m => m.MemberId).Distinct(StringComparer.Ordinal).Count() != members.Count)
            errors.Add(new("members", "A member is listed twice."));
        if (errors.Count > 0) throw new CostSharingException(errors);

        return rule.Method switch
        {
            SharingMethod.Equal => members.ToDictionary(m => m.MemberId, _ => new Fraction(1, members.Count), StringComparer.Ordinal),
            SharingMethod.Proportional => Proportional(members, rule.Attribute!.Value),
            SharingMethod.Weighted => Weighted(rule, members),
            SharingMethod.Fixed => Fixed(rule, members),
            SharingMethod.Banded => BandedWeights.Compute(rule, members),
            _ => throw new CostSharingException([new("rule.method", $"Unknown method '{rule.Method}'.")]),
        };
    }

    private static Dictionary<string, Fraction> Proportional(IReadOnlyList<MemberFigures> members, BasisAttribute attribute)
    {
        var (values, total) = Figures(members, attribute);
        var result = new Dictionary<string, Fraction>(members.Count, StringComparer.Ordinal);
        for (var i = 0; i < members.Count; i++) result[members[i].MemberId] = new Fraction(values[i], total);
        return result;
    }

    /// <summary>The members' figures for one attribute as whole numbers at one scale, and their sum (positive).</summary>
    private static (BigInteger[] Values, BigInteger Total) Figures(IReadOnlyList<MemberFigures> members, BasisAttribute attribute)
    {
        var values = ScaledIntegers.Of(members.Select(m => m.Get(attribute)).ToList());
        var negative = members.Where((_, i) => values[i].Sign < 0).Select(m => m.MemberId).ToList();
        if (negative.Count > 0)
            throw new CostSharingException([new($"members.{Field(attribute)}", $"Negative {Field(attribute)} for {string.Join(", ", negative)}.")]);
        var total = values.Aggregate(BigInteger.Zero, (a, b) => a + b);
        if (total.IsZero)
            throw new CostSharingException([new($"members.{Field(attribute)}", $"The members' {Field(attribute)} adds up to zero; there is nothing to split on.")]);
        return (values, total);
    }

    /// <summary>
    /// α/n + Σ_k c_k·x_ik/X_k with c_k = (1−α)·w_k, computed over one denominator L so that each member
    /// costs a few whole-number multiplications and a single reduction: numerator_i = A + Σ_k B_k·x_ik,
    /// where A = L·α/n and B_k = L·c_k/X_k are whole.
    /// </summary>
    private static Dictionary<string, Fraction> Weighted(CostSharingRule rule, IReadOnlyList<MemberFigures> members)
    {
        var alpha = Fraction.FromDecimal(rule.EqualBase);
        var equalPart = alpha / new Fraction(members.Count);
        var terms = new List<(Fraction PerUnit, BigInteger[] Values)>();
        foreach (var (attribute, weight) in rule.Weights ?? new Dictionary<BasisAttribute, decimal>())
        {
            // An attribute that carries no part of the cost is not read: with α = 1 the attribute
            // weights do not matter, and a zero total there must not make the rule fail.
            var factor = (Fraction.One - alpha) * Fraction.FromDecimal(weight);
            if (factor.IsZero) continue;
            var (values, total) = Figures(members, attribute);
            terms.Add((factor / new Fraction(total), values));
        }
        var denominator = terms.Aggregate(equalPart.Denominator, (l, t) => Lcm(l, t.PerUnit.Denominator));
        var constant = equalPart.Numerator * (denominator / equalPart.Denominator);
        var multipliers = terms.Select(t => t.PerUnit.Numerator * (denominator / t.PerUnit.Denominator)).ToList();

        var result = new Dictionary<string, Fraction>(members.Count, StringComparer.Ordinal);
        for (var i = 0; i < members.Count; i++)
        {
            var numerator = constant;
            for (var k = 0; k < terms.Count; k++) numerator += multipliers[k] * terms[k].Values[i];
            result[members[i].MemberId] = new Fraction(numerator, denominator);
        }
        return result;
    }

    private static BigInteger Lcm(BigInteger a, BigInteger b) => a / BigInteger.GreatestCommonDivisor(a, b) * b;

    private static Dictionary<string, Fraction> Fixed(CostSharingRule rule, IReadOnlyList<MemberFigures> members)
    {
        var percentages = rule.Percentages!;
        var ids = members.Select(m => m.MemberId).ToHashSet(StringComparer.Ordinal);
        var unknown = percentages.Keys.Where(k => !ids.Contains(k)).ToList();
        var missing = ids.Where(id => !percentages.ContainsKey(id)).ToList();
        var errors = new List<RuleViolation>();
        if (unknown.Count > 0) errors.Add(new("rule.percentages", $"Percentages name members who do not share this cost: {string.Join(", ", unknown)}."));
        if (missing.Count > 0) errors.Add(new("rule.percentages", $"No percentage for: {string.Join(", ", missing)}."));
        if (errors.Count > 0) throw new CostSharingException(errors);
        return members.ToDictionary(m => m.MemberId, m => Fraction.FromDecimal(percentages[m.MemberId]) / new Fraction(100), StringComparer.Ordinal);
    }

    private static string Field(BasisAttribute attribute) => attribute.ToString().ToLowerInvariant();
}
