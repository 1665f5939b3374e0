using System.Numerics;

namespace SharingLedger.Kernel.Arithmetic;

/// <summary>
/// Fractions rewritten over one shared denominator, so that the hot loops of apportioning work on whole
/// numbers: value i is exactly <c>Numerators[i] / Denominator</c>.
/// </summary>
public sealed class CommonDenominator
{
    public IReadOnlyList<BigInteger> Numerators { get; }
    public BigInteger Denominator { get; }

    private CommonDenominator(BigInteger[] numerators, BigInteger denominator)
    {
        Numerators = numerators;
        Denominator = denominator;
    }

    /// <summary>Rewrites the values over the least common multiple of their denominators.</summary>
    public static CommonDenominator Of(IReadOnlyList<Fraction> values)
    {
        var lcm = BigInteger.One;
        foreach (var value in values)
        {
            var den = Den(value);
            if (den == lcm || den.IsOne) continue;
            lcm = lcm / BigInteger.GreatestCommonDivisor(lcm, den) * den;
        }
        var numerators = new BigInteger[values.Count];
        for (var i = 0; i < values.Count; i++)
        {
            var den = Den(values[i]);
            numerators[i] = den == lcm ? values[i].Numerator : values[i].Numerator * (lcm / den);
        }
        return new CommonDenominator(numerators, lcm);
    }

    private static BigInteger Den(Fraction value) => value.Denominator.IsZero ? BigInteger.One : value.Denominator;
}
