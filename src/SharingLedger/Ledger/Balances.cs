using NodaTime;
using SharingLedger.Kernel.Money;

namespace SharingLedger.Ledger;

/// <summary>
/// An open item: a debit on a member's receivable and what is still unpaid of it. <see cref="Memo"/> names the bill (its first
/// debit's memo: the database, vendor and term, the procurement, the dues year, the clearing month); <see cref="Date"/> is when it
/// counts in the ledger, <see cref="FactDate"/> the date of the fact it bills (invoice date, dues period start, settled month's end),
/// from which it is aged, and <see cref="RecordedAt"/> when the ledger learned it.
/// </summary>
public sealed record OpenItem(string ItemId, LocalDate Date, string Memo, Money Original, Money Open, LocalDate? FactDate = null, Instant? RecordedAt = null,
    bool Disputed = false)
{
    /// <summary>The date the item is aged from: the fact's date (the ledger date for an item stored without one).</summary>
    public LocalDate AgedFrom => FactDate ?? Date;
}

public sealed record AgeingBuckets(Money Days0To30, Money Days31To60, Money Days61To90, Money Over90);

/// <summary>
/// A member's position from its postings (all in one currency). Outstanding = assessed − paid − credits − in kind; services given
/// in kind (<see cref="InKind"/>) are not among the other credits.
/// </summary>
public sealed record MemberBalance(
    Guid MemberId, string MemberCode, Money Assessed, Money Paid, Money Credits, Money Payable, Money Outstanding, AgeingBuckets Ageing,
    Money? InKind = null);

/// <summary>
/// Balances computed by replaying postings: nothing here is stored, so a balance is always a replay of its postings.
/// </summary>
public static class Balances
{
    /// <summary>Postings in force for a business date and, optionally, as the ledger knew them at an instant.</summary>
    public static IEnumerable<Posting> AsOf(IEnumerable<Posting> postings, LocalDate? asOf, Instant? knownAt) =>
        postings.Where(p => (asOf is null || p.BusinessDate <= asOf) && (knownAt is null || p.RecordedAt <= knownAt));

    /// <summary>Orders postings the way the ledger recorded them.</summary>
    public static IOrderedEnumerable<Posting> InOrder(IEnumerable<Posting> postings) =>
        postings.OrderBy(p => p.BusinessDate).ThenBy(p => p.RecordedAt).ThenBy(p => p.EventId).ThenBy(p => p.Line);

    /// <summary>
    /// The member's receivable debits less what settled them: credits naming an item go to it; credits on account
    /// (and any excess) go to the oldest open items first.
    /// </summary>
    public static IReadOnlyList<OpenItem> OpenItems(IEnumerable<Posting> receivablePostings, string currency)
    {
        var list = InOrder(receivablePostings.Where(p => p.Account == Accounts.MemberReceivable && p.Currency == currency)).ToList();
        var items = new List<ItemState>();
        var byId = new Dictionary<string, ItemState>();
        foreach (var d in list.Where(p => p.Debit > 0))
        {
            var key = d.ItemId ?? d.Id;
            if (byId.TryGetValue(key, out var existing)) { existing.Original += d.Debit; existing.Open += d.Debit; continue; }
            var item = new ItemState(key, d);
            items.Add(item);
            byId[key] = item;
        }
        long unallocated = 0;
        foreach (var c in list.Where(p => p.Credit > 0))
        {
            var amount = c.Credit;
            if (c.ItemId is not null && byId.TryGetValue(c.ItemId, out var target))
            {
                var take = Math.Min(amount, target.Open);
                target.Open -= take;
                amount -= take;
            }
            unallocated += amount;
        }
        foreach (var i in items)
        {
            if (unallocated == 0) break;
            var take = Math.Min(unallocated, i.Open);
            i.Open -= take;
            unallocated -= take;
        }
        return items.Where(i => i.Open > 0)
            .Select(i => new OpenItem(i.Key, i.First.BusinessDate, i.First.Memo, new Money(i.Original, currency), new Money(i.Open, currency),
                i.First.FactDate == default ? null : i.First.FactDate, i.First.RecordedAt))
            .ToList();
    }

    public static MemberBalance Of(Guid memberId, string memberCode, IEnumerable<Posting> memberPostings, string currency, LocalDate today)
    {
        var ps = memberPostings.Where(p => p.MemberId == memberId && p.Currency == currency).ToList();
        var receivable = ps.Where(p => p.Account == Accounts.MemberReceivable).ToList();
        var payable = ps.Where(p => p.Account == Accounts.MemberPayable).ToList();
        // Money given back (a payment reversed, an overpayment refunded) lowers what was paid; it was never assessed.
        var returned = receivable.Where(p => p.EventType == EventTypeOf<PaymentReversed>() || p.EventType == EventTypeOf<OverpaymentRefunded>()).Sum(p => p.Debit);
        var assessed = receivable.Sum(p => p.Debit) - returned;
        var payments = receivable.Where(p => p.EventType == EventTypeOf<PaymentReceived>()).Sum(p => p.Credit);
        var paid = payments - returned;
        var inKind = receivable.Where(p => p.EventType == EventTypeOf<InKind.InKindContributionRecorded>()).Sum(p => p.Credit);
        var credits = receivable.Sum(p => p.Credit) - payments - inKind;
        var owedToMember = payable.Sum(p => p.Credit - p.Debit);
        return Of(memberId, memberCode, new MemberTotals(memberId, assessed, paid, credits, owedToMember, inKind), OpenItems(receivable, currency), currency, today);
    }

    /// <summary>A member's position from its sums and open items (as <see cref="PostingSql"/> reads them), aged on <paramref name="today"/>.</summary>
    public static MemberBalance Of(Guid memberId, string memberCode, MemberTotals totals, IReadOnlyList<OpenItem> open, string currency, LocalDate today) =>
        Of(memberId, memberCode, totals, Age(open, currency, today), currency);

    /// <summary>A member's position from its sums and its open items already aged (<see cref="Age"/>).</summary>
    public static MemberBalance Of(Guid memberId, string memberCode, MemberTotals totals, AgeingBuckets ageing, string currency)
    {
        var (assessed, paid, credits, owedToMember, inKind) = (totals.Assessed, totals.Paid, totals.Credits, totals.Payable, totals.InKind);
        Money M(long minor) => new(minor, currency);
        return new MemberBalance(memberId, memberCode, M(assessed), M(paid), M(credits), M(owedToMember),
            M(assessed - paid - credits - inKind), ageing, M(inKind));
    }

    /// <summary>
    /// What is open, by how many days old each item is on <paramref name="today"/> (from its fact's date): 0–30, 31–60, 61–90 and
    /// over 90 (an item dated after today is in the first).
    /// </summary>
    public static AgeingBuckets Age(IReadOnlyList<OpenItem> open, string currency, LocalDate today)
    {
        long b0 = 0, b30 = 0, b60 = 0, b90 = 0;
        foreach (var i in open)
        {
            var days = Period.Between(i.AgedFrom, today, PeriodUnits.Days).Days;
            if (days <= 30) b0 += i.Open.Minor;
            else if (days <= 60) b30 += i.Open.Minor;
            else if (days <= 90) b60 += i.Open.Minor;
            else b90 += i.Open.Minor;
        }
        Money M(long minor) => new(minor, currency);
        return new AgeingBuckets(M(b0), M(b30), M(b60), M(b90));
    }

    /// <summary>How postings name their source event's type: the event class's name.</summary>
    public static string EventTypeOf<T>() => typeof(T).Name;

    private sealed class ItemState(string key, Posting first)
    {
        public string Key { get; } = key;
        public Posting First { get; } = first;
        public long Original { get; set; } = first.Debit;
        public long Open { get; set; } = first.Debit;
    }
}
