using SharingLedger.Infrastructure.Http;
using SharingLedger.Kernel.CostSharing;

namespace SharingLedger.Agreements;

/// <summary>Checks the agreement's named cost-sharing terms; each error names its field.</summary>
public static class SharingTermValidation
{
    public static void Check(Validation v, IReadOnlyDictionary<string, SharingTerm>? terms, string baseCurrency)
    {
        if (terms is null) return;
        foreach (var (name, term) in terms)
        {
            var field = $"costSharing.{name}";
            if (string.IsNullOrWhiteSpace(name) || name.Length > 64) v.Add("costSharing", "Each term needs a name of at most 64 characters.");
            if (term is null || term.Rule is null) { v.Add($"{field}.rule", "Required."); continue; }
            foreach (var violation in RuleValidation.Check(term.Rule, $"{field}.rule"))
                v.Add(violation.Field, violation.Message);
            if (term.Caps is { } caps)
            {
                v.Require(caps.PercentOfBudget is null or > 0 and <= 100, $"{field}.caps.percentOfBudget", "Must be more than 0 and at most 100.");
                v.Require(caps.MaxIncreasePercent is null or >= 0, $"{field}.caps.maxIncreasePercent", "Cannot be negative.");
            }
            if (term.Floor is { } floor)
            {
                v.Require(floor.Currency == baseCurrency, $"{field}.floor.currency", $"Must be the consortium's base currency {baseCurrency}.");
                v.Require(!floor.IsNegative, $"{field}.floor.amount", "Cannot be negative.");
            }
            v.Require(term.PhaseInYears is null or >= 1 and <= 20, $"{field}.phaseInYears", "Must be from 1 to 20.");
            v.Require(term.UsageMetric is null || term.UsageMetric.Length is > 0 and <= 64, $"{field}.usageMetric", "At most 64 characters.");
        }
    }
}
