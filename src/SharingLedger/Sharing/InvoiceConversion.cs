using System.Numerics;
using SharingLedger.Kernel.Arithmetic;
using SharingLedger.Kernel.Money;

namespace SharingLedger.Sharing;

/// <summary>
/// Converts a foreign-currency vendor invoice into the base currency once, at the rate recorded with the
/// invoice: exact product, rounded half away from zero to the base currency's minor unit.
/// </summary>
public static class InvoiceConversion
{
    public static Money ToBase(Money amount, decimal? rateToBase, string baseCurrency)
    {
        if (amount.Currency == baseCurrency) return amount;
        if (rateToBase is not { } rate || rate <= 0)
            throw new ArgumentException($"A {amount.Currency} invoice needs a positive rate to {baseCurrency}.", nameof(rateToBase));
        var baseUnits = CurrencyCode.Of(baseCurrency).MinorUnits;
        var exact = amount.ToMajorFraction() * Fraction.FromDecimal(rate) * new Fraction(BigInteger.Pow(10, baseUnits));
        var magnitude = exact.Sign < 0 ? -exact : exact;
        var rounded = (magnitude + new Fraction(1, 2)).Floor();
        return new Money((long)(exact.Sign < 0 ? -rounded : rounded), baseCurrency);
    }
}
