using SharingLedger.Kernel.Money;
using SharingLedger.Kernel.Restatement;

namespace SharingLedger.Sharing;

/// <summary>Each member's share before and after a cost was priced again (the Kernel's <see cref="RestatementComparison"/>).</summary>
public static class ShareDifferences
{
    public static List<RestatedShare> Compare(IEnumerable<(Guid MemberId, string Code, Money Amount)> before,
        IEnumerable<(Guid MemberId, string Code, Money Amount)> after, string currency)
    {
        var was = before.ToList();
        var now = after.ToList();
        var codes = was.Concat(now).GroupBy(x => x.MemberId).ToDictionary(g => g.Key.ToString("D"), g => (Id: g.Key, g.Last().Code));
        return RestatementComparison.Compare(
                was.ToDictionary(x => x.MemberId.ToString("D"), x => x.Amount),
                now.ToDictionary(x => x.MemberId.ToString("D"), x => x.Amount), currency)
            .Select(l => new RestatedShare(codes[l.Party].Id, codes[l.Party].Code, l.Before, l.After, l.Difference))
            .OrderBy(l => l.MemberCode, StringComparer.Ordinal)
            .ToList();
    }

    public static List<RestatedShare> Compare(IEnumerable<ShareLine> before, IEnumerable<ShareLine> after, string currency) =>
        Compare(before.Select(l => (l.MemberId, l.MemberCode, l.Amount)), after.Select(l => (l.MemberId, l.MemberCode, l.Amount)), currency);
}
