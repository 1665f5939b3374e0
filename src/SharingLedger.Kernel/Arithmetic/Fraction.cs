using System.Globalization;
using System.Numerics;

namespace SharingLedger.Kernel.Arithmetic;

/// <summary>
/// An exact rational number. Cost-sharing arithmetic runs on fractions so that nothing is rounded
/// before the single, final largest-remainder rounding to minor units.
/// </summary>
public readonly struct Fraction : IEquatable<Fraction>, IComparable<Fraction>
{
    private readonly BigInteger _numerator;
    private readonly BigInteger _denominator;
    // Set by Deferred: the pair is not yet in lowest terms, and is reduced each time it is read.
    private readonly bool _deferred;

    /// <summary>The numerator in lowest terms (carries the sign).</summary>
    public BigInteger Numerator => _deferred ? Reduce(_numerator, _denominator).Numerator : _numerator;

    /// <summary>The denominator in lowest terms, always positive.</summary>
    public BigInteger Denominator => _deferred ? Reduce(_numerator, _denominator).Denominator : _denominator;

    public static readonly Fraction Zero = new(0);
    public static readonly Fraction One = new(1);

    public Fraction(BigInteger numerator) : this(numerator, BigInteger.One) { }

    public Fraction(BigInteger numerator, BigInteger denominator)
    {
        if (denominator.IsZero) throw new DivideByZeroException("A fraction cannot have a zero denominator.");
        (_numerator, _denominator) = Reduce(numerator, denominator);
        _deferred = false;
    }

    private Fraction(BigInteger numerator, BigInteger denominator, bool deferred)
    {
        _numerator = numerator;
        _denominator = denominator;
        _deferred = deferred;
    }

    /// <summary>
    /// The same value as <c>new Fraction(numerator, denominator)</c>, but reduced to lowest terms only
    /// when it is read. For the many exact amounts an apportionment records to explain itself, most of
    /// which are never read: reducing each one up front would cost more than the whole split.
    /// </summary>
    public static Fraction Deferred(BigInteger numerator, BigInteger denominator)
    {
        if (denominator.IsZero) throw new DivideByZeroException("A fraction cannot have a zero denominator.");
        if (denominator.Sign < 0) { numerator = -numerator; denominator = -denominator; }
        return denominator.IsOne || numerator.IsZero ? new Fraction(numerator, denominator) : new Fraction(numerator, denominator, deferred: true);
    }

    private static (BigInteger Numerator, BigInteger Denominator) Reduce(BigInteger numerator, BigInteger denominator)
    {
        if (denominator.Sign < 0) { numerator = -numerator; denominator = -denominator; }
        var gcd = BigInteger.GreatestCommonDivisor(numerator, denominator);
        if (!gcd.IsZero && !gcd.IsOne) { numerator /= gcd; denominator /= gcd; }
        return (numerator, numerator.IsZero ? BigInteger.One : denominator);
    }

    // A default(Fraction) has a zero denominator; treat it as zero everywhere.
    private BigInteger Den => Denominator.IsZero ? BigInteger.One : Denominator;

    // Reducing changes neither the sign nor whether the value is zero (the denominator is positive).
    public int Sign => _numerator.Sign;
    public bool IsZero => _numerator.IsZero;

    public static Fraction FromDecimal(decimal value)
    {
        var bits = decimal.GetBits(value);
        var scale = (bits[3] >> 16) & 0xFF;
        var negative = (bits[3] & unchecked((int)0x80000000)) != 0;
        var mantissa = new BigInteger((uint)bits[0])
                       | (new BigInteger((uint)bits[1]) << 32)
                       | (new BigInteger((uint)bits[2]) << 64);
        return new Fraction(negative ? -mantissa : mantissa, BigInteger.Pow(10, scale));
    }

    /// <summary>Parses an invariant decimal string such as "0.30" or "-12.5" exactly.</summary>
    public static Fraction Parse(string text)
    {
        if (!decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint,
                CultureInfo.InvariantCulture, out var value))
            throw new FormatException($"'{text}' is not a decimal number.");
        return FromDecimal(value);
    }

    /// <summary>Parses a fraction as explanations show it ("n/d", or "n"), or an invariant decimal string, exactly.</summary>
    public static Fraction ParseRatio(string text)
    {
        var slash = text.IndexOf('/');
        if (slash < 0) return Parse(text);
        if (!BigInteger.TryParse(text[..slash], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
            || !BigInteger.TryParse(text[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var d) || d.IsZero)
            throw new FormatException($"'{text}' is not a fraction n/d.");
        return new Fraction(n, d);
    }

    public static Fraction operator +(Fraction a, Fraction b) =>
        new(a.Numerator * b.Den + b.Numerator * a.Den, a.Den * b.Den);
    public static Fraction operator -(Fraction a, Fraction b) =>
        new(a.Numerator * b.Den - b.Numerator * a.Den, a.Den * b.Den);
    public static Fraction operator -(Fraction a) => new(-a.Numerator, a.Den);
    public static Fraction operator *(Fraction a, Fraction b) =>
        new(a.Numerator * b.Numerator, a.Den * b.Den);
    public static Fraction operator /(Fraction a, Fraction b) =>
        b.IsZero ? throw new DivideByZeroException("Division of a fraction by zero.") : new(a.Numerator * b.Den, a.Den * b.Numerator);

    public static implicit operator Fraction(long value) => new(value);
    public static implicit operator Fraction(BigInteger value) => new(value);

    public static bool operator <(Fraction a, Fraction b) => a.CompareTo(b) < 0;
    public static bool operator >(Fraction a, Fraction b) => a.CompareTo(b) > 0;
    public static bool operator <=(Fraction a, Fraction b) => a.CompareTo(b) <= 0;
    public static bool operator >=(Fraction a, Fraction b) => a.CompareTo(b) >= 0;
    public static bool operator ==(Fraction a, Fraction b) => a.Equals(b);
    public static bool operator !=(Fraction a, Fraction b) => !a.Equals(b);

    public static Fraction Min(Fraction a, Fraction b) => a <= b ? a : b;
    public static Fraction Max(Fraction a, Fraction b) => a >= b ? a : b;

    /// <summary>The largest integer not greater than this value.</summary>
    public BigInteger Floor()
    {
        var quotient = BigInteger.DivRem(Numerator, Den, out var remainder);
        return remainder.Sign < 0 ? quotient - 1 : quotient;
    }

    public int CompareTo(Fraction other) => (Numerator * other.Den).CompareTo(other.Numerator * Den);
    public bool Equals(Fraction other) => Numerator == other.Numerator && Den == other.Den;
    public override bool Equals(object? obj) => obj is Fraction f && Equals(f);
    public override int GetHashCode() => HashCode.Combine(Numerator, Den);

    /// <summary>"n/d", or "n" for an integer: how explanations show exact weights.</summary>
    public override string ToString() => Den.IsOne ? Numerator.ToString(CultureInfo.InvariantCulture)
        : $"{Numerator.ToString(CultureInfo.InvariantCulture)}/{Den.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>A decimal rendering rounded half away from zero to the given places, for display only.</summary>
    public string ToDecimalString(int places)
    {
        var scale = BigInteger.Pow(10, places);
        var scaled = this * new Fraction(scale);
        var magnitude = scaled.Sign < 0 ? -scaled : scaled;
        var rounded = (magnitude + new Fraction(1, 2)).Floor();
        var text = BigInteger.Abs(rounded).ToString(CultureInfo.InvariantCulture).PadLeft(places + 1, '0');
        var body = places == 0 ? text : text[..^places] + "." + text[^places..];
        return (scaled.Sign < 0 && !rounded.IsZero ? "-" : "") + body;
    }
}
