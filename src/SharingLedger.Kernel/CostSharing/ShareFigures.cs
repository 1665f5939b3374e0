using System.Globalization;
using SharingLedger.Kernel.Arithmetic;

namespace SharingLedger.Kernel.CostSharing;

/// <summary>
/// The figures an explanation of one member's share states, each recomputable by a person from the ones before it:
/// <see cref="Percent"/> is the rule's fraction to <see cref="PercentPlaces"/> places (the exact fraction is kept apart, for
/// whoever asks); <see cref="ByRule"/> is that fraction of <see cref="Base"/>, the cost it applies to, rounded half away from zero to
/// the minor unit; <see cref="Bound"/> the cap or floor the member was pinned at; <see cref="Moved"/> what caps and floors moved
/// (for a capped member the excess it passed to the others, negative; for a floored one what it was raised by; for the others
/// their part of what capped members passed on), so that <see cref="Exact"/> = ByRule + Moved to the minor unit; and
/// <see cref="Charged"/> = the exact amount's whole minor units plus <see cref="RoundingMinor"/> (largest remainder).
/// </summary>
public sealed record ShareFigures(Money.Money Base, string Percent, Money.Money ByRule, Money.Money? Bound, bool Capped, Money.Money Moved,
    Money.Money Exact, Money.Money Charged, long RoundingMinor)
{
    /// <summary>Places a percentage is shown to: two (10.36%), enough to read, never the whole fraction.</summary>
    public const int PercentPlaces = 2;

    /// <summary>
    /// The figures of a share of <paramref name="baseAmount"/>: the rule's <paramref name="weight"/> (after any phase-in), the
    /// exact amount after caps and floors in minor units (<paramref name="exactMinor"/>), the cap or floor it was pinned at, and
    /// what it was charged, with the minor units largest-remainder rounding added (<paramref name="roundingMinor"/>).
    /// </summary>
    public static ShareFigures Of(Money.Money baseAmount, Fraction weight, Fraction exactMinor, Money.Money charged, long roundingMinor,
        Money.Money? cap = null, Money.Money? floor = null)
    {
        var currency = baseAmount.Currency;
        var byRule = RoundHalfAway(new Fraction(baseAmount.Minor) * weight);
        var exact = RoundHalfAway(exactMinor);
        return new ShareFigures(baseAmount, PercentOf(weight), new Money.Money(byRule, currency), cap ?? floor, cap is not null,
            new Money.Money(exact - byRule, currency), new Money.Money(exact, currency), charged, roundingMinor);
    }

    /// <summary>A fraction as a percentage to <see cref="PercentPlaces"/> places, rounded half away from zero ("10.36").</summary>
    public static string PercentOf(Fraction weight) => (weight * new Fraction(100)).ToDecimalString(PercentPlaces);

    /// <summary>The nearest whole number, halves away from zero.</summary>
    public static long RoundHalfAway(Fraction value)
    {
        var magnitude = value.Sign < 0 ? -value : value;
        var rounded = (long)(magnitude + new Fraction(1, 2)).Floor();
        return value.Sign < 0 ? -rounded : rounded;
    }

    /// <summary>
    /// The sentences that state the figures, e.g. "10.36% of 600000.00 USD by the rule = 62176.17 USD. Capped at 19500.00 USD: the
    /// 42676.17 USD above the cap is borne by the other members. Charged 19500.00 USD (no rounding adjustment)."
    /// </summary>
    public string Sentence()
    {
        var currency = Base.Currency;
        var text = $"{Percent}% of {Base} by the rule = {ByRule}.";
        if (Bound is { } cap && Capped)
            text += $" Capped at {cap}: the {(-Moved).ToDecimalString()} {currency} above the cap is borne by the other members.";
        else if (Bound is { } floor)
            text += $" Raised to the floor of {floor}: {Moved.ToDecimalString()} {currency} more, borne by the other members.";
        else if (Moved.IsPositive)
            text += $" Plus {Moved.ToDecimalString()} {currency}, its part of what capped members passed on: {Exact}.";
        else if (Moved.IsNegative)
            text += $" Less {(-Moved).ToDecimalString()} {currency}, its part of what floored members were raised by: {Exact}.";
        var rounding = RoundingMinor == 0 ? "no rounding adjustment"
            : $"{RoundingMinor.ToString("+0;-0", CultureInfo.InvariantCulture)} minor unit by largest-remainder rounding";
        return text + $" Charged {Charged} ({rounding}).";
    }
}
