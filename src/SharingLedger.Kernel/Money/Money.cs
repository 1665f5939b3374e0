using System.Globalization;
using System.Numerics;
using SharingLedger.Kernel.Arithmetic;

namespace SharingLedger.Kernel.Money;

/// <summary>
/// An amount in whole minor units of one ISO 4217 currency. Arithmetic refuses to mix currencies.
/// </summary>
public readonly record struct Money
{
    public long Minor { get; }
    public string Currency { get; }

    /// <remarks>
    /// The currency kept is the one string of that code (<see cref="CurrencyCode.Shared"/>), not the one given: an amount read from a
    /// document would otherwise keep a string of its own, and a node keeps hundreds of thousands of them (a national year's
    /// reconciliation, docs/decisions.md, "What a kept reconciliation weighs").
    /// </remarks>
    public Money(long minor, string currency)
    {
        Currency = CurrencyCode.Shared(currency)
            ?? throw new ArgumentException($"'{currency}' is not a supported ISO 4217 currency code.", nameof(currency));
        Minor = minor;
    }

    public static Money Zero(string currency) => new(0, currency);

    public int MinorUnits => CurrencyCode.Of(Currency).MinorUnits;

    /// <summary>The amount in major units as an exact fraction (e.g. 12.34 USD is 1234/100).</summary>
    public Fraction ToMajorFraction() => new(Minor, BigInteger.Pow(10, MinorUnits));

    /// <summary>Parses "27000.00" in the given currency; refuses more decimals than the currency has.</summary>
    public static Money Parse(string amount, string currency)
    {
        if (!TryParse(amount, currency, out var money, out var error)) throw new FormatException(error);
        return money;
    }

    public static bool TryParse(string? amount, string? currency, out Money money, out string error)
    {
        money = default;
        if (!CurrencyCode.TryOf(currency, out var code))
        {
            error = $"'{currency}' is not a supported ISO 4217 currency code.";
            return false;
        }
        if (amount is null || !decimal.TryParse(amount, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint,
                CultureInfo.InvariantCulture, out var value))
        {
            error = IsPlainDecimal(amount) ? $"'{amount}' is too large." : $"'{amount}' is not a decimal amount.";
            return false;
        }
        // Judged on the text, not the parsed decimal: a decimal keeps at most 28 places, so "0.000…0001" with more
        // would parse as 0 and slip through as a silently rounded zero.
        if (FractionDigits(amount) > code.MinorUnits)
        {
            error = $"{code.Code} has {code.MinorUnits} decimal places; '{amount}' has more.";
            return false;
        }
        decimal scaled;
        try { scaled = value * Pow10(code.MinorUnits); }
        catch (OverflowException) { error = $"'{amount}' is too large."; return false; }
        if (scaled != decimal.Truncate(scaled))
        {
            error = $"{code.Code} has {code.MinorUnits} decimal places; '{amount}' has more.";
            return false;
        }
        if (scaled > long.MaxValue || scaled < long.MinValue)
        {
            error = $"'{amount}' is too large.";
            return false;
        }
        money = new Money((long)scaled, code.Code);
        error = "";
        return true;
    }

    /// <summary>
    /// The largest amount, in minor units either way, that the ledger takes from a request: 10^15 (ten trillion US dollars,
    /// a quadrillion yen), so that sums of many such amounts still fit the ledger's 64-bit minor units.
    /// </summary>
    public const long MaxInputMinor = 1_000_000_000_000_000;

    /// <summary>Parses an amount sent by a client: as <see cref="TryParse"/>, and within ±<see cref="MaxInputMinor"/> minor units.</summary>
    public static bool TryParseInput(string? amount, string? currency, out Money money, out string error)
    {
        if (!TryParse(amount, currency, out money, out error)) return false;
        if (money.Minor is >= -MaxInputMinor and <= MaxInputMinor) return true;
        error = $"'{amount}' is too large: amounts are at most {new Money(MaxInputMinor, money.Currency).ToDecimalString()} {money.Currency} either way.";
        money = default;
        return false;
    }

    private static bool IsPlainDecimal(string? text)
    {
        if (string.IsNullOrEmpty(text)) return false;
        var body = text[0] is '-' or '+' ? text[1..] : text;
        var point = body.IndexOf('.');
        var whole = point < 0 ? body : body[..point];
        var fraction = point < 0 ? "" : body[(point + 1)..];
        return whole.Length + fraction.Length > 0 && whole.All(char.IsAsciiDigit) && fraction.All(char.IsAsciiDigit);
    }

    private static int FractionDigits(string text)
    {
        var point = text.IndexOf('.');
        return point < 0 ? 0 : text[(point + 1)..].TrimEnd('0').Length;
    }

    private static decimal Pow10(int n)
    {
        decimal result = 1;
        for (var i = 0; i < n; i++) result *= 10;
        return result;
    }

    public static Money operator +(Money a, Money b) => new(checked(a.Minor + b.Minor), SameCurrency(a, b));
    public static Money operator -(Money a, Money b) => new(checked(a.Minor - b.Minor), SameCurrency(a, b));
    public static Money operator -(Money a) => new(checked(-a.Minor), a.Currency);
    public static bool operator <(Money a, Money b) { SameCurrency(a, b); return a.Minor < b.Minor; }
    public static bool operator >(Money a, Money b) { SameCurrency(a, b); return a.Minor > b.Minor; }
    public static bool operator <=(Money a, Money b) { SameCurrency(a, b); return a.Minor <= b.Minor; }
    public static bool operator >=(Money a, Money b) { SameCurrency(a, b); return a.Minor >= b.Minor; }

    public bool IsZero => Minor == 0;
    public bool IsNegative => Minor < 0;
    public bool IsPositive => Minor > 0;

    private static string SameCurrency(Money a, Money b) =>
        a.Currency == b.Currency ? a.Currency : throw new CurrencyMismatchException(a.Currency, b.Currency);

    /// <summary>Sums amounts of one currency; an empty sequence sums to zero in <paramref name="currency"/>.</summary>
    public static Money Sum(IEnumerable<Money> amounts, string currency) =>
        amounts.Aggregate(Zero(currency), (acc, m) => acc + m);

    /// <summary>The amount in major units as an invariant decimal string, e.g. "-12.30".</summary>
    public string ToDecimalString()
    {
        var units = MinorUnits;
        var magnitude = BigInteger.Abs(Minor).ToString(CultureInfo.InvariantCulture).PadLeft(units + 1, '0');
        var body = units == 0 ? magnitude : magnitude[..^units] + "." + magnitude[^units..];
        return (Minor < 0 ? "-" : "") + body;
    }

    public override string ToString() => $"{ToDecimalString()} {Currency}";
}
