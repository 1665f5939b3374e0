using Marten;
using SharingLedger.Kernel.Money;
using SharingLedger.Obligations;

namespace SharingLedger.Ledger;

/// <summary>
/// The obligations' items on the member's account (<see cref="IObligationSettlements"/>): their sums by kind of posting
/// (<see cref="PostingSql.ItemSumsAsync"/>) and what is still open of each after credits on account went to the oldest items
/// (<see cref="PostingSql.OpenItemsAsync"/>), both as of the query's date and as known at its instant.
/// </summary>
public sealed class ObligationSettlements : IObligationSettlements
{
    public async Task<IReadOnlyDictionary<string, ItemSettlement>> ForItemsAsync(IQuerySession session, ObligationQuery q, IReadOnlyCollection<string> ledgerItemIds,
        CancellationToken ct)
    {
        if (ledgerItemIds.Count == 0) return new Dictionary<string, ItemSettlement>();
        var (consortium, member, currency) = (q.Consortium.Id, q.Member.Id, q.Consortium.BaseCurrency);
        var sums = await PostingSql.ItemSumsAsync(session, consortium, member, currency, q.AsOf, q.KnownAt, [.. ledgerItemIds], ct);
        var open = ((await PostingSql.OpenItemsAsync(session, consortium, member, currency, q.AsOf, q.KnownAt, ct)).GetValueOrDefault(member) ?? [])
            .ToDictionary(i => i.ItemId, i => i.Open.Minor);
        Money M(long minor) => new(minor, currency);
        return ledgerItemIds.Distinct().ToDictionary(id => id, id =>
        {
            var (gross, paid, credits) = sums.GetValueOrDefault(id);
            var net = open.GetValueOrDefault(id);
            return new ItemSettlement(M(gross), M(paid), M(credits), M(gross - paid - credits - net), M(net));
        });
    }
}
