using NodaTime;
using SharingLedger.Kernel.Money;

namespace SharingLedger.Ledger;

/// <summary>
/// What the open-item queries read per member (<see cref="PostingSql"/>, <see cref="PostingTotals"/>): each item still open
/// before credits on account, ranked by its first debit in the ledger's order, and rows of what is unallocated.
/// </summary>
internal sealed record OpenItemRow(Guid MemberId, string? Key, int? Day, string? Memo, long Original, long Open, long Unallocated, long Rank,
    int? FactDay = null, long? Ticks = null)
{
    /// <summary>The columns every open-item query selects: member, item, day, memo, original, open, unallocated, rank, fact day, recorded ticks.</summary>
    public static OpenItemRow Read(System.Data.Common.DbDataReader r) => new(r.GetGuid(0), r.IsDBNull(1) ? null : r.GetString(1),
        r.IsDBNull(2) ? null : r.GetInt32(2), r.IsDBNull(3) ? null : r.GetString(3), r.GetInt64(4), r.GetInt64(5), r.GetInt64(6), r.GetInt64(7),
        r.IsDBNull(8) ? null : r.GetInt32(8), r.IsDBNull(9) ? null : r.GetInt64(9));

    private static LocalDate DateOf(int day) => LocalDate.FromDateOnly(DateOnly.FromDayNumber(day));

    /// <summary>What is unallocated goes to the oldest open items first, as <see cref="Balances.OpenItems"/> allocates it.</summary>
    public static Dictionary<Guid, List<OpenItem>> AllocateOldestFirst(IEnumerable<OpenItemRow> rows, string currency)
    {
        var result = new Dictionary<Guid, List<OpenItem>>();
        foreach (var member in rows.GroupBy(r => r.MemberId))
        {
            var unallocated = member.Sum(r => r.Unallocated);
            var items = new List<OpenItem>();
            foreach (var r in member.Where(r => r.Key is not null).OrderBy(r => r.Rank))
            {
                var open = r.Open;
                var take = Math.Min(unallocated, open);
                open -= take;
                unallocated -= take;
                if (open > 0) items.Add(new OpenItem(r.Key!, DateOf(r.Day!.Value), r.Memo ?? "", new Money(r.Original, currency), new Money(open, currency),
                    r.FactDay is { } f ? DateOf(f) : null, r.Ticks is { } t ? Instant.FromUnixTimeTicks(t) : null));
            }
            result[member.Key] = items;
        }
        return result;
    }
}
