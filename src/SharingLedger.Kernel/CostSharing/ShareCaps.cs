using System.Numerics;
using SharingLedger.Kernel.Arithmetic;
using M = SharingLedger.Kernel.Money.Money;

namespace SharingLedger.Kernel.CostSharing;

/// <summary>
/// The caps of domain brief §3, each as a whole amount. A cap that does not come out whole is rounded
/// down to the minor unit, so that honouring it can never charge a member more than the limit allows.
/// </summary>
public static class ShareCaps
{
    /// <summary>At most <paramref name="percent"/>% of the member's materials budget (major units).</summary>
    public static M PercentOfBudget(decimal percent, decimal budget, string currency)
    {
        if (percent < 0m) throw new ArgumentOutOfRangeException(nameof(percent), "A cap percentage cannot be negative.");
        if (budget < 0m) throw new ArgumentOutOfRangeException(nameof(budget), "A budget cannot be negative.");
        return FloorToMinor(Fraction.FromDecimal(budget) * Fraction.FromDecimal(percent) / new Fraction(100), currency);
    }

    /// <summary>At most <paramref name="percent"/>% of the member's materials budget as its figures record it.</summary>
    public static M PercentOfBudget(decimal percent, MemberFigures member, string currency) =>
        PercentOfBudget(percent, member.Get(BasisAttribute.Budget), currency);

    /// <summary>At most the previous term's share increased by <paramref name="maxIncreasePercent"/>% (e.g. 10 for +10%).</summary>
    public static M IncreaseOverPrevious(M previousShare, decimal maxIncreasePercent)
    {
        if (maxIncreasePercent < -100m) throw new ArgumentOutOfRangeException(nameof(maxIncreasePercent), "A share cannot shrink below zero.");
        var factor = Fraction.One + Fraction.FromDecimal(maxIncreasePercent) / new Fraction(100);
        return new M((long)(new Fraction(previousShare.Minor) * factor).Floor(), previousShare.Currency);
    }

    /// <summary>"No member pays more than it would alone": the member's standalone price.</summary>
    public static M StandalonePrice(M standalonePrice) =>
        standalonePrice.IsNegative ? throw new ArgumentOutOfRangeException(nameof(standalonePrice), "A price cannot be negative.") : standalonePrice;

    /// <summary>When several caps apply to one member, the lowest one binds.</summary>
    public static M Tightest(params IEnumerable<M> caps)
    {
        var list = caps.ToList();
        if (list.Count == 0) throw new ArgumentException("At least one cap is needed.", nameof(caps));
        return list.Aggregate((a, b) => a <= b ? a : b);
    }

    private static M FloorToMinor(Fraction major, string currency)
    {
        var units = Kernel.Money.CurrencyCode.Of(currency).MinorUnits;
        return new M((long)(major * new Fraction(BigInteger.Pow(10, units))).Floor(), currency);
    }
}
