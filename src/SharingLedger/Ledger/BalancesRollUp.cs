using NodaTime;
using SharingLedger.Consortia;
using SharingLedger.Kernel.Money;
using SharingLedger.Membership;

namespace SharingLedger.Ledger;

/// <summary>The sum of some members' balances.</summary>
public sealed record BalanceTotals(Money Assessed, Money Paid, Money Credits, Money InKind, Money Payable, Money Outstanding, AgeingBuckets Ageing)
{
    public static BalanceTotals Of(IEnumerable<MemberBalance> rows, string currency)
    {
        var list = rows.ToList();
        Money S(Func<MemberBalance, Money> f) => Money.Sum(list.Select(f), currency);
        return new BalanceTotals(S(r => r.Assessed), S(r => r.Paid), S(r => r.Credits), S(r => r.InKind ?? Money.Zero(currency)), S(r => r.Payable),
            S(r => r.Outstanding), new AgeingBuckets(S(r => r.Ageing.Days0To30), S(r => r.Ageing.Days31To60), S(r => r.Ageing.Days61To90), S(r => r.Ageing.Over90)));
    }
}

/// <summary>
/// One hub's group: the hub's own row first, then the members under it (by code), and their totals. The group without a hub
/// (<see cref="HubId"/> null) holds the members that report to the centre directly.
/// </summary>
public sealed record HubGroup(Guid? HubId, string? HubCode, IReadOnlyList<MemberBalance> Members, BalanceTotals Totals);

/// <summary>The council's balances rolled up member → hub → centre (multi-level consortia only).</summary>
public sealed record BalancesRollUp(IReadOnlyList<HubGroup> Hubs, BalanceTotals Consortium)
{
    /// <summary>
    /// Groups the balance rows by each member's hub as of <paramref name="day"/>. A hub that itself has a hub rolls up, with its
    /// members, into that hub's group (the top of the chain), so every member counts in exactly one group. Null for consortia
    /// that are not multi-level: their views are flat.
    /// </summary>
    public static BalancesRollUp? For(Consortium consortium, IReadOnlyCollection<Member> members, IReadOnlyList<MemberBalance> rows, LocalDate day)
    {
        if (consortium.OrganisationModel != OrganisationModel.MultiLevel) return null;
        var byId = members.ToDictionary(m => m.Id);
        Guid? HubOf(Guid id) => byId.TryGetValue(id, out var m) ? (m.FiguresOn(day) ?? m.Current).HubId : null;
        Guid TopOf(Guid id)
        {
            var seen = new HashSet<Guid> { id };
            var current = id;
            while (HubOf(current) is { } hub && byId.ContainsKey(hub) && seen.Add(hub)) current = hub;
            return current;
        }
        var tops = rows.ToDictionary(r => r.MemberId, r => TopOf(r.MemberId));
        var hubs = tops.Where(t => t.Key != t.Value).Select(t => t.Value).ToHashSet();
        var currency = consortium.BaseCurrency;
        var groups = rows.GroupBy(r => hubs.Contains(tops[r.MemberId]) ? tops[r.MemberId] : (Guid?)null)
            .Select(g => new HubGroup(g.Key, g.Key is { } h ? byId[h].Code : null,
                g.OrderBy(r => r.MemberId == g.Key ? 0 : 1).ThenBy(r => r.MemberCode, StringComparer.Ordinal).ToList(),
                BalanceTotals.Of(g, currency)))
            .OrderBy(g => g.HubId is null ? 1 : 0).ThenBy(g => g.HubCode, StringComparer.Ordinal)
            .ToList();
        return new BalancesRollUp(groups, BalanceTotals.Of(rows, currency));
    }
}
