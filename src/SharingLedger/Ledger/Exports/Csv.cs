namespace SharingLedger.Ledger.Exports;

/// <summary>RFC 4180 fields: quoted when they hold a comma, quote or line break.</summary>
public static class Csv
{
    public static string Field(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
}
