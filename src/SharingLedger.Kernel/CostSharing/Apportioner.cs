using System.Numerics;
using SharingLedger.Kernel.Arithmetic;
using SharingLedger.Kernel.Money;

namespace SharingLedger.Kernel.CostSharing;

/// <summary>
/// Splits a cost among members by a rule: exact fractions, then phase-in, caps and floors, rounded once
/// at the end by largest remainder (ties to the member id that sorts first).
/// </summary>
public static class Apportioner
{
    public static Apportionment Apportion(Money.Money total, CostSharingRule rule, IReadOnlyList<MemberFigures> members) =>
        Apportion(total, rule, members, ShareModifiers.None);

    public static Apportionment Apportion(Money.Money total, CostSharingRule rule, IReadOnlyList<MemberFigures> members, ShareModifiers modifiers)
    {
        var ruleWeights = RuleWeights.Compute(rule, members);
        var violations = ModifierValidation.Check(total, members, modifiers);
        if (violations.Count > 0) throw new CostSharingException(violations);

        var phaseIn = modifiers.PhaseIn;
        var weights = phaseIn is null ? ruleWeights : PhaseInWeights.Blend(ruleWeights, phaseIn);

        // Work in ordinal order of member id so that the result cannot depend on the order given.
        var ordered = members.OrderBy(m => m.MemberId, StringComparer.Ordinal).ToList();
        var ids = ordered.Select(m => m.MemberId).ToList();
        var scaled = CommonDenominator.Of(ids.Select(id => weights[id]).ToList());
        var caps = ids.Select(id => Lookup(modifiers.Caps, id)).ToList();
        var floors = ids.Select(id => Lookup(modifiers.Floors, id)).ToList();

        // Split the magnitude, then restore the sign, so that credits split like charges.
        var sign = total.Minor < 0 ? -1 : 1;
        var split = CappedSplit.Split(BigInteger.Abs(total.Minor), scaled.Numerators, caps, floors);
        var rounded = LargestRemainder.Round(split.Numerators, split.Denominator, Enumerable.Range(0, ids.Count).ToList());

        var used = rule.AttributesUsed().ToList();
        var shares = new List<MemberShare>(ids.Count);
        for (var i = 0; i < ids.Count; i++)
        {
            var id = ids[i];
            shares.Add(new MemberShare(
                id,
                new Money.Money(rounded.Minor[i] * sign, total.Currency),
                weights[id],
                new Fraction(split.Numerators[i] * sign, split.Denominator),
                rounded.RoundedUp[i] ? sign : 0,
                used.ToDictionary(u => u, u => ordered[i].Get(u)),
                CapApplied: split.Pins[i] == SharePin.Cap ? modifiers.Caps![id] : null,
                FloorApplied: split.Pins[i] == SharePin.Floor ? modifiers.Floors![id] : null,
                PhaseInYear: phaseIn?.Year,
                RuleWeight: phaseIn is null ? null : ruleWeights[id],
                PreviousWeight: phaseIn is null ? null : Previous(phaseIn, id)));
        }
        var shortfall = split.Shortfall.IsZero ? (Money.Money?)null : new Money.Money((long)split.Shortfall * sign, total.Currency);
        return new Apportionment(total, rule, shares, shortfall, modifiers.IsNone ? null : modifiers, split.Rounds);
    }

    private static long? Lookup(IReadOnlyDictionary<string, Money.Money>? amounts, string id) =>
        amounts is not null && amounts.TryGetValue(id, out var amount) ? amount.Minor : null;

    private static Fraction Previous(PhaseIn phaseIn, string id) =>
        phaseIn.PreviousPercentages.TryGetValue(id, out var p) ? Fraction.FromDecimal(p) / new Fraction(100) : Fraction.Zero;
}
