using System.Numerics;
using SharingLedger.Kernel.Arithmetic;

namespace SharingLedger.Kernel.Money;

/// <summary>Values a quantity of something at a rate per unit (hours, sessions, months at an agreed rate).</summary>
public static class Valuation
{
    /// <summary>
    /// quantity × rate computed exactly, then rounded once to the minor unit, halves away from zero.
    /// Example: 2.5 hours at 33.33 = 83.325, valued 83.33.
    /// </summary>
    public static Money Value(decimal quantity, Money rate)
    {
        var exact = Fraction.FromDecimal(quantity) * new Fraction(rate.Minor);
        var magnitude = exact.Sign < 0 ? -exact : exact;
        var rounded = (magnitude + new Fraction(BigInteger.One, 2)).Floor();
        return new Money((long)(exact.Sign < 0 ? -rounded : rounded), rate.Currency);
    }
}
