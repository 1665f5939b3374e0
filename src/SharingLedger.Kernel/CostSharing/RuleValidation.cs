namespace SharingLedger.Kernel.CostSharing;

/// <summary>Checks a rule on its own, before any member figures are known.</summary>
public static class RuleValidation
{
    public static IReadOnlyList<RuleViolation> Check(CostSharingRule rule, string field = "rule")
    {
        var errors = new List<RuleViolation>();
        switch (rule.Method)
        {
            case SharingMethod.Equal:
                break;
            case SharingMethod.Proportional:
                if (rule.Attribute is null)
                    errors.Add(new($"{field}.attribute", "A proportional rule needs the attribute to split on."));
                break;
            case SharingMethod.Weighted:
                if (rule.EqualBase is < 0m or > 1m)
                    errors.Add(new($"{field}.equalBase", "The equal base must be between 0 and 1."));
                if (rule.Weights is null || rule.Weights.Count == 0)
                {
                    if (rule.EqualBase != 1m)
                        errors.Add(new($"{field}.weights", "A weighted rule needs attribute weights."));
                }
                else if (rule.Weights.Values.Any(w => w < 0m))
                    errors.Add(new($"{field}.weights", "Weights cannot be negative."));
                else if (rule.Weights.Values.Sum() != 1m)
                    errors.Add(new($"{field}.weights", $"Weights must add up to 1; they add up to {rule.Weights.Values.Sum()}."));
                break;
            case SharingMethod.Fixed:
                if (rule.Percentages is null || rule.Percentages.Count == 0)
                    errors.Add(new($"{field}.percentages", "A fixed rule needs each member's percentage."));
                else if (rule.Percentages.Values.Any(p => p < 0m))
                    errors.Add(new($"{field}.percentages", "Percentages cannot be negative."));
                else if (rule.Percentages.Values.Sum() != 100m)
                    errors.Add(new($"{field}.percentages", $"Percentages must add up to 100; they add up to {rule.Percentages.Values.Sum()}."));
                break;
            case SharingMethod.Banded:
                errors.AddRange(BandValidation.Check(rule, field));
                break;
            default:
                errors.Add(new($"{field}.method", $"Unknown method '{rule.Method}'."));
                break;
        }
        return errors;
    }
}
