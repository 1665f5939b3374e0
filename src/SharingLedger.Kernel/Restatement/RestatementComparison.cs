using SharingLedger.Kernel.Money;
using M = SharingLedger.Kernel.Money.Money;

namespace SharingLedger.Kernel.Restatement;

/// <summary>One party's amount before and after a cost was priced again; <see cref="Difference"/> is after − before.</summary>
public sealed record RestatedAmount(string Party, M Before, M After)
{
    public M Difference => After - Before;
}

/// <summary>
/// Compares a cost as first priced with the same cost priced again: every party that appears in either, its amount
/// before and after (zero where it had none) and the difference; the totals of each column. Pure and exact: the
/// differences add up to the change of the total, so the adjusting entries balance against the fund.
/// </summary>
public static class RestatementComparison
{
    public static IReadOnlyList<RestatedAmount> Compare(IReadOnlyDictionary<string, M> before, IReadOnlyDictionary<string, M> after, string currency)
    {
        foreach (var m in before.Values.Concat(after.Values))
            if (m.Currency != currency) throw new CurrencyMismatchException(currency, m.Currency);
        return before.Keys.Union(after.Keys)
            .Order(StringComparer.Ordinal)
            .Select(p => new RestatedAmount(p,
                before.TryGetValue(p, out var b) ? b : M.Zero(currency),
                after.TryGetValue(p, out var a) ? a : M.Zero(currency)))
            .ToList();
    }

    /// <summary>The sums of the before, after and difference columns.</summary>
    public static (M Before, M After, M Difference) Totals(IEnumerable<RestatedAmount> lines, string currency)
    {
        var list = lines.ToList();
        var before = M.Sum(list.Select(l => l.Before), currency);
        var after = M.Sum(list.Select(l => l.After), currency);
        return (before, after, after - before);
    }
}
