using SharingLedger.Kernel.CostSharing;
using SharingLedger.Kernel.Money;

namespace SharingLedger.Agreements;

/// <summary>
/// A named cost-sharing term of the agreement, chosen by a subscription or procurement: the rule, and
/// what may bend it. Versioned with the agreement: a cost records the agreement version it was priced under.
/// </summary>
/// <param name="Caps">Caps on each member's share; the tightest that applies binds.</param>
/// <param name="Floor">The least any participating member pays (in the base currency).</param>
/// <param name="PhaseInYears">Phase in from the previous term's percentages to the rule's over this many terms.</param>
/// <param name="UsageMetric">The COUNTER metric a usage-based rule reads (default Total_Item_Requests).</param>
public sealed record SharingTerm(
    CostSharingRule Rule,
    CapTerms? Caps = null,
    Money? Floor = null,
    int? PhaseInYears = null,
    string? UsageMetric = null)
{
    public const string DefaultUsageMetric = "Total_Item_Requests";

    public string Metric => UsageMetric ?? DefaultUsageMetric;
}

/// <summary>
/// Caps from the domain brief: a percentage of the member's materials budget, a maximum increase over its
/// previous-term share, and its standalone price ("no member pays more than it would alone").
/// </summary>
public sealed record CapTerms(decimal? PercentOfBudget = null, decimal? MaxIncreasePercent = null, bool StandalonePrice = false);
