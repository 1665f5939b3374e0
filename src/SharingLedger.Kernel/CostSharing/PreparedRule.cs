using System.Numerics;
using SharingLedger.Kernel.Arithmetic;
using SharingLedger.Kernel.Money;

namespace SharingLedger.Kernel.CostSharing;

/// <summary>
/// A rule applied to one set of members, with everything that does not depend on the cost worked out
/// once: each member's exact weight, the weights over one common denominator, and the inputs that
/// explain them. A term's many subscriptions can then be apportioned against it cheaply. Immutable, so
/// it may be shared between threads.
/// </summary>
public sealed class PreparedRule
{
    public CostSharingRule Rule { get; }

    /// <summary>The members, in ordinal order of id.</summary>
    public IReadOnlyList<MemberFigures> Members { get; }

    /// <summary>Each member's exact fraction of the cost by the rule alone; they add up to one.</summary>
    public IReadOnlyDictionary<string, Fraction> Weights { get; }

    private readonly string[] _ids;
    private readonly HashSet<string> _idSet;
    private readonly Fraction[] _weights;
    private readonly CommonDenominator _scaled;
    private readonly BigInteger _sumOfScaled;
    private readonly Int128[]? _scaledSmall; // the same numerators when they fit in 100 bits
    private readonly IReadOnlyDictionary<BasisAttribute, decimal>[] _inputs;

    private PreparedRule(CostSharingRule rule, IReadOnlyList<MemberFigures> members, IReadOnlyDictionary<string, Fraction> weights)
    {
        Rule = rule;
        Members = members.OrderBy(m => m.MemberId, StringComparer.Ordinal).ToList();
        Weights = weights;
        _ids = Members.Select(m => m.MemberId).ToArray();
        _idSet = _ids.ToHashSet(StringComparer.Ordinal);
        _weights = _ids.Select(id => weights[id]).ToArray();
        _scaled = CommonDenominator.Of(_weights);
        _sumOfScaled = _scaled.Numerators.Aggregate(BigInteger.Zero, (a, b) => a + b);
        _scaledSmall = _sumOfScaled.GetBitLength() <= 100 ? _scaled.Numerators.Select(x => (Int128)x).ToArray() : null;
        var used = rule.AttributesUsed().ToList();
        _inputs = Members.Select(m => (IReadOnlyDictionary<BasisAttribute, decimal>)used.ToDictionary(u => u, m.Get)).ToArray();
    }

    /// <summary>Checks the rule against the members and works out their weights.</summary>
    public static PreparedRule Prepare(CostSharingRule rule, IReadOnlyList<MemberFigures> members) =>
        new(rule, members, RuleWeights.Compute(rule, members));

    /// <summary>Splits one cost: phase-in, then caps and floors, then one largest-remainder rounding.</summary>
    public Apportionment Apportion(Money.Money total, ShareModifiers? modifiers = null)
    {
        modifiers ??= ShareModifiers.None;
        var violations = ModifierValidation.Check(total, _idSet, modifiers);
        if (violations.Count > 0) throw new CostSharingException(violations);

        var phaseIn = modifiers.PhaseIn;
        var weights = _weights;
        var scaled = _scaled;
        var sumOfWeights = _sumOfScaled;
        var scaledSmall = _scaledSmall;
        if (phaseIn is not null)
        {
            var blended = PhaseInWeights.Blend(Weights, phaseIn);
            weights = _ids.Select(id => blended[id]).ToArray();
            scaled = CommonDenominator.Of(weights);
            sumOfWeights = scaled.Numerators.Aggregate(BigInteger.Zero, (a, b) => a + b);
            scaledSmall = null;
        }
        var caps = _ids.Select(id => Lookup(modifiers.Caps, id)).ToArray();
        var floors = _ids.Select(id => Lookup(modifiers.Floors, id)).ToArray();

        // Split the magnitude, then restore the sign, so that credits split like charges. Members sit in
        // ordinal order of id, so a member's position is its tie rank.
        var sign = total.Minor < 0 ? -1 : 1;
        var magnitude = BigInteger.Abs(total.Minor);
        var ranks = Enumerable.Range(0, _ids.Length).ToArray();
        CappedSplit.Result<BigInteger> split;
        RoundedAmounts rounded;
        if (CappedSplit.FitsInt128(magnitude, sumOfWeights, _ids.Length, caps, floors))
        {
            var small = CappedSplit.Split((Int128)magnitude, scaledSmall ?? scaled.Numerators.Select(x => (Int128)x).ToArray(), caps, floors);
            rounded = LargestRemainder.Round(small.Numerators, small.Denominator, ranks);
            split = new(small.Numerators.Select(x => (BigInteger)x).ToArray(), small.Denominator, small.Pins, small.Shortfall, small.Rounds);
        }
        else
        {
            split = CappedSplit.Split(magnitude, scaled.Numerators as BigInteger[] ?? scaled.Numerators.ToArray(), caps, floors);
            rounded = LargestRemainder.Round(split.Numerators, split.Denominator, ranks);
        }

        var shares = new MemberShare[_ids.Length];
        for (var i = 0; i < _ids.Length; i++)
        {
            var pin = split.Pins[i];
            shares[i] = new MemberShare(
                _ids[i],
                new Money.Money(rounded.Minor[i] * sign, total.Currency),
                weights[i],
                Fraction.Deferred(split.Numerators[i] * sign, split.Denominator),
                rounded.RoundedUp[i] ? sign : 0,
                _inputs[i],
                CapApplied: pin == SharePin.Cap ? modifiers.Caps![_ids[i]] : null,
                FloorApplied: pin == SharePin.Floor ? modifiers.Floors![_ids[i]] : null,
                PhaseInYear: phaseIn?.Year,
                RuleWeight: phaseIn is null ? null : _weights[i],
                PreviousWeight: phaseIn is null ? null : PhaseInWeights.Previous(phaseIn, _ids[i]));
        }
        var shortfall = split.Shortfall.IsZero ? (Money.Money?)null : new Money.Money((long)split.Shortfall * sign, total.Currency);
        return new Apportionment(total, Rule, shares, shortfall, modifiers.IsNone ? null : modifiers, split.Rounds);
    }

    private static long? Lookup(IReadOnlyDictionary<string, Money.Money>? amounts, string id) =>
        amounts is not null && amounts.TryGetValue(id, out var amount) ? amount.Minor : null;
}
