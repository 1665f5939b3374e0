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
        var sum = parts.Aggregate(Fraction.Zero, (acc, p) => acc + p.Weight);
        if (sum.IsZero) throw new ArgumentException("Weights add up to zero; there is no basis to split on.", nameof(weights));

        // Allocate the magnitude, then restore the sign, so that credits split like charges.
        var sign = total.Minor < 0 ? -1 : 1;
        var magnitude = BigInteger.Abs(total.Minor);

        var exact = parts
            .Select(p => (p.Key, Exact: new Fraction(magnitude) * p.Weight / sum))
            .Select(p => (p.Key, p.Exact, Floor: p.Exact.Floor()))
            .ToList();
        var leftOver = magnitude - exact.Aggregate(BigInteger.Zero, (acc, p) => acc + p.Floor);

        var bonus = exact
            .OrderByDescending(p => p.Exact - new Fraction(p.Floor))
            .ThenBy(p => p.Key, StringComparer.Ordinal)
            .Take((int)leftOver)
            .Select(p => p.Key)
            .ToHashSet(StringComparer.Ordinal);

        return exact
            .Select(p =>
            {
                var adjustment = bonus.Contains(p.Key) ? 1 : 0;
                var minor = (long)(p.Floor + adjustment) * sign;
                return new AllocatedShare(p.Key, new Money(minor, total.Currency),
                    p.Exact * new Fraction(sign), adjustment * sign);
            })
            .OrderBy(s => s.Key, StringComparer.Ordinal)
            .ToList();
    }
}
