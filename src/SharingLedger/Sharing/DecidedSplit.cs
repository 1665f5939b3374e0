using SharingLedger.Infrastructure.Http;
using SharingLedger.Kernel.Money;

namespace SharingLedger.Sharing;

/// <summary>
/// Finance's decision on a cost the agreement could not split as written, whichever slice it is on (a subscription term's or a
/// joint procurement's): each member's amount as decided, checked against who shares the cost and the invoice's base amount;
/// what the decided shares leave of the invoice is the central fund's shortfall. Pure.
/// </summary>
public static class DecidedSplit
{
    /// <summary>The method a split finance decided records (<see cref="PricedCost.Method"/>).</summary>
    public const string Method = "decided";

    /// <param name="sharers">Who may be given a share: member id → code.</param>
    /// <returns>The cost as decided (method "decided"), or null with the errors added to <paramref name="v"/>.</returns>
    public static PricedCost? Check(Validation v, IReadOnlyDictionary<Guid, MoneyInput>? input, Money invoice, IReadOnlyDictionary<Guid, string> sharers,
        string notASharer, int termDays = 1)
    {
        var shares = new List<(Guid MemberId, Money Amount)>();
        if (input is not { Count: > 0 }) v.Add("shares", "Required: each member's share, e.g. {\"<memberId>\": {\"amount\": \"100.00\", \"currency\": \"…\"}}.");
        else
            foreach (var (memberId, entry) in input)
            {
                var field = $"shares.{memberId}";
                var amount = v.Money(entry, field, currency: invoice.Currency);
                if (!sharers.ContainsKey(memberId)) v.Add(field, notASharer);
                else if (amount is { } a) shares.Add((memberId, a));
            }
        var total = Money.Sum(shares.Select(s => s.Amount), invoice.Currency);
        if (v.IsValid && total > invoice) v.Add("shares", $"The shares add up to {total}; the invoice is {invoice}.");
        if (!v.IsValid) return null;

        var lines = shares.Where(s => !s.Amount.IsZero).OrderBy(s => sharers[s.MemberId], StringComparer.Ordinal)
            .Select(s => new ShareLine(s.MemberId, sharers[s.MemberId], s.Amount, $"{s.Amount.Minor}/{invoice.Minor}", s.Amount.ToDecimalString(), 0,
                new Dictionary<Kernel.CostSharing.BasisAttribute, decimal>()))
            .ToList();
        return new PricedCost(invoice, Method, lines, invoice - total, termDays);
    }
}
