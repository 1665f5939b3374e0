using SharingLedger.Infrastructure.Http;
using SharingLedger.Kernel.Money;

namespace SharingLedger.Agreements;

/// <summary>
/// An agreement's rate for one kind of in-kind service (the key of <c>inKind</c>, e.g. "referenceConsultation"):
/// its unit (hour, session or month) and the value of one unit in the base currency.
/// </summary>
public sealed record InKindRate(string? Unit, Money? Rate);

public static class InKindRates
{
    public static readonly IReadOnlyList<string> Units = ["hour", "session", "month"];

    /// <summary>Checks the rates of an agreement version; each error names its field (<c>inKind.{kind}.unit</c>, <c>.rate</c>).</summary>
    public static void Check(Validation v, IReadOnlyDictionary<string, InKindRate>? rates, string baseCurrency)
    {
        if (rates is null) return;
        foreach (var (kind, rate) in rates)
        {
            var field = $"inKind.{kind}";
            if (string.IsNullOrWhiteSpace(kind) || kind.Length > 64) v.Add("inKind", "Each kind of service needs a name of at most 64 characters.");
            if (rate is null) { v.Add(field, "Required: a unit and a rate."); continue; }
            v.Require(rate.Unit is not null && Units.Contains(rate.Unit), $"{field}.unit", $"One of: {string.Join(", ", Units)}.");
            if (rate.Rate is not { } money) v.Add($"{field}.rate", "Required.");
            else
            {
                v.Require(money.Currency == baseCurrency, $"{field}.rate", $"Must be in the consortium's base currency {baseCurrency}.");
                v.Require(money.IsPositive, $"{field}.rate", "Must be more than zero.");
            }
        }
    }
}
