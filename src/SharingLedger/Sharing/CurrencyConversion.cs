using System.Numerics;
using SharingLedger.Kernel.Arithmetic;
using SharingLedger.Kernel.Money;

namespace SharingLedger.Sharing;

/// <summary>An invoice amount in the base currency: the exact product as a decimal string, and the rounded amount.</summary>
public sealed record ConvertedAmount(string Exact, Money Amount);

/// <summary>
/// Converts a foreign invoice once, at the rate recorded with it (base units per invoice unit). The product
/// amount × rate is computed as an exact fraction (never binary floating point) and rounded once, half away
/// from zero, to the base currency's minor unit; .NET's default banker's rounding never decides a cent.
/// </summary>
public static class CurrencyConversion
{
    public static ConvertedAmount ToBase(Money amount, decimal rate, string baseCurrency)
    {
        var exactMajor = amount.ToMajorFraction() * Fraction.FromDecimal(rate);
        var units = CurrencyCode.Of(baseCurrency).MinorUnits;
        var minor = RoundHalfAwayFromZero(exactMajor * new Fraction(BigInteger.Pow(10, units)));
        // amount has the invoice currency's places and rate its own scale, so this many places show the product exactly.
        var places = Math.Max(units, amount.MinorUnits + Scale(rate));
        return new ConvertedAmount(Trim(exactMajor.ToDecimalString(places), units), new Money((long)minor, baseCurrency));
    }

    public static BigInteger RoundHalfAwayFromZero(Fraction value)
    {
        var magnitude = (value.Sign < 0 ? -value : value) + new Fraction(1, 2);
        var rounded = magnitude.Floor();
        return value.Sign < 0 ? -rounded : rounded;
    }

    private static int Scale(decimal value) => (decimal.GetBits(value)[3] >> 16) & 0xFF;

    /// <summary>Drops trailing zeros beyond the base currency's places: "7500.375000" stays "7500.375", "7100.0000" is "7100.00".</summary>
    private static string Trim(string text, int keep)
    {
        var dot = text.IndexOf('.');
        if (dot < 0) return text;
        var minLength = keep == 0 ? dot : dot + 1 + keep;
        var end = text.Length;
        while (end > minLength && text[end - 1] == '0') end--;
        return text[..end] is var t && t.EndsWith('.') ? t[..^1] : t;
    }
}
