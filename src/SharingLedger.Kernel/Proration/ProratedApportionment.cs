using NodaTime;
using SharingLedger.Kernel.CostSharing;
using M = SharingLedger.Kernel.Money.Money;

namespace SharingLedger.Kernel.Proration;

/// <summary>
/// A term's cost split day by day among the members active each day. Shares plus <see cref="Uncovered"/>
/// (the cost of days on which nobody took part) add up exactly to the total.
/// </summary>
public sealed record ProratedApportionment(
    M Total,
    LocalDate TermStart,
    LocalDate TermEnd,
    int TermDays,
    CostSharingRule Rule,
    IReadOnlyList<ProratedShare> Shares,
    IReadOnlyList<ActiveSegment> Segments,
    M Uncovered)
{
    public ProratedShare For(string memberId) =>
        Shares.FirstOrDefault(s => s.MemberId == memberId)
        ?? throw new KeyNotFoundException($"Member {memberId} has no share in this term.");
}
