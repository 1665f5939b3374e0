using Marten;
using NodaTime;
using SharingLedger.Consortia;
using SharingLedger.Kernel.Money;
using SharingLedger.Membership;

namespace SharingLedger.Obligations;

/// <summary>
/// What a member has promised to do with its own money (collect a subject with a committed budget, ...), as
/// opposed to what it owes the consortium. An <see cref="IObligationSource"/> that also implements this interface
/// contributes to <see cref="MemberObligations.Commitments"/>, which never enter <see cref="MemberObligations.Total"/>.
/// </summary>
public interface ICommitmentSource
{
    /// <summary>As <see cref="IObligationSource.Read"/>: queues the reads, returns the work done once the batch has run.</summary>
    PendingItems<CommitmentItem> ReadCommitments(ObligationReads reads, ObligationQuery q);
}

/// <summary>
/// One commitment of a member for a fiscal year: what it promised (<paramref name="Committed"/>), what it has
/// reported against it, and what remains (negative when it spent more). <paramref name="SourceId"/> is the stream,
/// <paramref name="ItemId"/> the commitment within it.
/// </summary>
public sealed record CommitmentItem(
    string Kind,
    string Description,
    Money Committed,
    Money Reported,
    Money Remaining,
    decimal? PercentSpent,
    string Explanation,
    Guid SourceId,
    Guid ItemId);
