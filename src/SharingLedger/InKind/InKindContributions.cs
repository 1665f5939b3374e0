using SharingLedger.Infrastructure;

namespace SharingLedger.InKind;

/// <summary>
/// A member's in-kind contributions for one fiscal year (inline snapshot of the stream
/// <see cref="StreamFor"/>); one stream per member and year, so two recordings racing past the year's dues conflict.
/// </summary>
public sealed class InKindContributions
{
    public Guid Id { get; set; }
    public Guid ConsortiumId { get; set; }
    public Guid MemberId { get; set; }
    public int FiscalYear { get; set; }
    public List<InKindContributionRecorded> Recorded { get; set; } = [];
    public int Version { get; set; }

    public static InKindContributions Create(InKindContributionRecorded e) =>
        new() { Id = StreamFor(e.ConsortiumId, e.MemberId, e.FiscalYear), ConsortiumId = e.ConsortiumId, MemberId = e.MemberId, FiscalYear = e.FiscalYear, Recorded = [e] };

    public void Apply(InKindContributionRecorded e) => Recorded.Add(e);

    public long CreditedMinor => Recorded.Sum(r => r.Value.Minor);

    public static Guid StreamFor(Guid consortiumId, Guid memberId, int fiscalYear) =>
        StreamIds.NameBased($"in-kind:{consortiumId:D}:{memberId:D}:{fiscalYear}");
}
