using NodaTime;
using SharingLedger.Kernel.CostSharing;

namespace SharingLedger.Kernel.Proration;

/// <summary>
/// A participant of a term with the days it takes part, both ends inclusive. No <see cref="From"/> means
/// from the start of the term; no <see cref="To"/> means to its end. Dates outside the term are clipped.
/// </summary>
public sealed record ProratedMember(MemberFigures Figures, LocalDate? From = null, LocalDate? To = null)
{
    public string MemberId => Figures.MemberId;

    public static ProratedMember Plain(string memberId, LocalDate? from = null, LocalDate? to = null) =>
        new(new MemberFigures(memberId, new Dictionary<BasisAttribute, decimal>()), from, to);
}
