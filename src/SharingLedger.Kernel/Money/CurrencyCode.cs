namespace SharingLedger.Kernel.Money;

/// <summary>An ISO 4217 currency with the number of minor units it is kept in.</summary>
public sealed record CurrencyCode
{
    // ISO 4217 minor units for the currencies a consortium is likely to meet; others default to 2
    // only when explicitly registered, so an unknown code is refused rather than guessed.
    private static readonly Dictionary<string, int> MinorUnitsByCode = new(StringComparer.Ordinal)
    {
        ["AUD"] = 2, ["BRL"] = 2, ["CAD"] = 2, ["CHF"] = 2, ["CNY"] = 2, ["CZK"] = 2, ["DKK"] = 2,
        ["EUR"] = 2, ["GBP"] = 2, ["HKD"] = 2, ["HUF"] = 2, ["INR"] = 2, ["MXN"] = 2, ["NOK"] = 2,
        ["NZD"] = 2, ["PLN"] = 2, ["SEK"] = 2, ["SGD"] = 2, ["TWD"] = 2, ["USD"] = 2, ["ZAR"] = 2,
        ["JPY"] = 0, ["KRW"] = 0, ["ISK"] = 0, ["CLP"] = 0, ["VND"] = 0,
        ["BHD"] = 3, ["JOD"] = 3, ["KWD"] = 3, ["OMR"] = 3, ["TND"] = 3,
    };

    public string Code { get; }
    public int MinorUnits { get; }

    private CurrencyCode(string code, int minorUnits) { Code = code; MinorUnits = minorUnits; }

    public static CurrencyCode Of(string code) =>
        TryOf(code, out var currency) ? currency
            : throw new ArgumentException($"'{code}' is not a supported ISO 4217 currency code.", nameof(code));

    public static bool TryOf(string? code, out CurrencyCode currency)
    {
        currency = null!;
        if (code is null || !MinorUnitsByCode.TryGetValue(code, out var units)) return false;
        currency = new CurrencyCode(code, units);
        return true;
    }

    public static bool IsKnown(string? code) => code is not null && MinorUnitsByCode.ContainsKey(code);

    /// <summary>The code as the table above spells it (one string per currency, shared by every amount), or null when not supported.</summary>
    internal static string? Shared(string? code) => code is not null && Codes.TryGetValue(code, out var shared) ? shared : null;

    private static readonly Dictionary<string, string> Codes = MinorUnitsByCode.Keys.ToDictionary(k => k, StringComparer.Ordinal);

    public override string ToString() => Code;
}
