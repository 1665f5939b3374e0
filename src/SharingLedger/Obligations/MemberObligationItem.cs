using Marten;
using NodaTime;

namespace SharingLedger.Obligations;

/// <summary>
/// One member's part of a cost shared among many (its dues share, its share of a subscription term), explained as its
/// obligations answer it, kept by the cost's own projection when the cost changes (<see cref="MemberObligationItems.Replace"/>).
/// The obligations read then loads a member's few items by the member column instead of deserialising every shared cost
/// of the consortium with every other member's share (docs/decisions.md, "Fast at the size of a national network").
/// </summary>
public sealed class MemberObligationItem
{
    public string Id { get; set; } = "";
    public Guid MemberId { get; set; }
    public Guid SourceId { get; set; }
    public string Kind { get; set; } = "";
    /// <summary>The date the item is counted on (<see cref="ObligationQuery.Counts"/>): the dues' or the term's first day.</summary>
    public LocalDate CountsOn { get; set; }
    /// <summary>Orders a member's items as the cost's own projection listed them (term number within a subscription).</summary>
    public int Position { get; set; }
    public ObligationItem Item { get; set; } = null!;
}

public static class MemberObligationItems
{
    /// <summary>Replaces every member item of <paramref name="sourceId"/> with <paramref name="items"/>, in the same transaction; how many it stores.</summary>
    public static int Replace(IDocumentOperations operations, Guid sourceId, IEnumerable<(Guid MemberId, LocalDate CountsOn, ObligationItem Item)> items)
    {
        operations.DeleteWhere<MemberObligationItem>(x => x.SourceId == sourceId);
        var stored = 0;
        foreach (var item in Of(sourceId, items))
        {
            operations.Store(item);
            stored++;
        }
        return stored;
    }

    /// <summary>The documents <see cref="Replace"/> stores for <paramref name="sourceId"/>'s items, in their order.</summary>
    public static IEnumerable<MemberObligationItem> Of(Guid sourceId, IEnumerable<(Guid MemberId, LocalDate CountsOn, ObligationItem Item)> items) =>
        items.Select((x, position) => new MemberObligationItem
        {
            Id = $"{sourceId:N}:{position}:{x.MemberId:N}", MemberId = x.MemberId, SourceId = sourceId, Kind = x.Item.Kind, CountsOn = x.CountsOn,
            Position = position, Item = x.Item,
        });

    /// <summary>Of a member's stored items, those that count for the query (year, as of a date), in the order its obligations list them.</summary>
    public static IReadOnlyList<MemberObligationItem> Counted(IEnumerable<MemberObligationItem> stored, ObligationQuery q) =>
        [.. stored.Where(x => q.Counts(x.CountsOn)).OrderBy(x => x.CountsOn).ThenBy(x => x.SourceId).ThenBy(x => x.Position)];
}
