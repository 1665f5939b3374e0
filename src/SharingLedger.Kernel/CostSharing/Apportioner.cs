using SharingLedger.Kernel.Money;

namespace SharingLedger.Kernel.CostSharing;

/// <summary>Splits a cost among members by a rule: exact fractions, rounded once by largest remainder.</summary>
public static class Apportioner
{
    public static Apportionment Apportion(Money.Money total, CostSharingRule rule, IReadOnlyList<MemberFigures> members)
    {
        var weights = RuleWeights.Compute(rule, members);
        var allocated = total.Allocate(weights.Select(w => new AllocationWeight(w.Key, w.Value)));
        var used = rule.AttributesUsed().ToList();
        var figures = members.ToDictionary(m => m.MemberId, StringComparer.Ordinal);
        var shares = allocated
            .Select(a => new MemberShare(a.Key, a.Amount, weights[a.Key], a.ExactMinor, a.RoundingAdjustmentMinor,
                used.ToDictionary(u => u, u => figures[a.Key].Get(u))))
            .ToList();
        return new Apportionment(total, rule, shares);
    }
}
