using System.Numerics;
using SharingLedger.Kernel.Arithmetic;

namespace SharingLedger.Kernel.Money;

/// <summary>One party's exact claim on an amount being split.</summary>
public sealed record AllocationWeight(string Key, Fraction Weight);

/// <summary>One party's rounded share, with the exact value it was rounded from.</summary>
public sealed record AllocatedShare(string Key, Money Amount, Fraction ExactMinor, long RoundingAdjustmentMinor);

/// <summary>
/// Splits an amount by weights exactly: every share is the floor of its exact value in minor units,
/// and the minor units left over go one each to the largest remainders, ties to the key that sorts
/// first (ordinal). Shares always add up to the amount, and each is within one minor unit of exact.
/// </summary>
public static class Allocation
{
    public static IReadOnlyList<AllocatedShare> Allocate(this Money total, IEnumerable<AllocationWeight> weights)
    {
        var parts = weights.ToList();
        if (parts.Count == 0) throw new ArgumentException("Nothing to allocate to: no weights were given.", nameof(weights));
        if (parts.Select(p => p.Key).Distinct(StringComparer.Ordinal).Count() != parts.Count)
            throw new ArgumentException("Each key may appear once.", nameof(weights));
        if (parts.Any(p => p.Weight.Sign < 0)) throw new ArgumentException("Weights cannot be negative.", nameof(weights));

        // Allocate the magnitude, then restore the sign, so that credits split like charges.
        var sign = total.Minor < 0 ? -1 : 1;
        var magnitude = BigInteger.Abs(total.Minor);

        // Over one common denominator the exact share of part i is magnitude·a_i / Σa, in minor units.
        var scaled = CommonDenominator.Of(parts.Select(p => p.Weight).ToList());
        var sumOfScaled = scaled.Numerators.Aggregate(BigInteger.Zero, (acc, a) => acc + a);
        if (sumOfScaled.IsZero) throw new ArgumentException("Weights add up to zero; there is no basis to split on.", nameof(weights));
        var numerators = scaled.Numerators.Select(a => magnitude * a).ToList();
        var keys = parts.Select(p => p.Key).ToList();
        var rounded = LargestRemainder.Round(numerators, sumOfScaled, LargestRemainder.OrdinalRanks(keys));

        return parts
            .Select((p, i) => new AllocatedShare(p.Key, new Money(rounded.Minor[i] * sign, total.Currency),
                new Fraction(numerators[i] * sign, sumOfScaled), rounded.RoundedUp[i] ? sign : 0))
            .OrderBy(s => s.Key, StringComparer.Ordinal)
            .ToList();
    }
}
