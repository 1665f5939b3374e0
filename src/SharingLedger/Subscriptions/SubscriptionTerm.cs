using NodaTime;
using SharingLedger.Agreements;
using SharingLedger.Kernel.Money;
using SharingLedger.Sharing;

namespace SharingLedger.Subscriptions;

/// <summary>One term of a subscription: its price, participants, pricing term, invoice and apportionments.</summary>
public sealed class SubscriptionTerm
{
    public int Number { get; set; }
    public LocalDate Start { get; set; }
    public LocalDate End { get; set; }
    public Money Price { get; set; }
    public List<Participation> Participants { get; set; } = [];
    public string SharingTermName { get; set; } = "";
    public SharingTerm SharingTerm { get; set; } = null!;
    public Guid AgreementId { get; set; }
    public int AgreementVersion { get; set; }
    public Dictionary<Guid, Money> StandalonePrices { get; set; } = [];
    public Dictionary<Guid, Money> PreviousShares { get; set; } = [];
    public int? PhaseInYear { get; set; }

    /// <summary>
    /// The shares of the term before the phase-in began, as recorded on the term's event; null on terms recorded
    /// before that figure existed, which are priced from <see cref="PreviousShares"/> as they always were.
    /// </summary>
    public Dictionary<Guid, Money>? SharesBeforePhaseIn { get; set; }
    public SubscriptionInvoiced? Invoice { get; set; }
    public List<SubscriptionCostApportioned> Apportionments { get; set; } = [];

    public DateInterval Period => new(Start, End);
    public SubscriptionCostApportioned? Latest => Apportionments.LastOrDefault();

    /// <summary>A copy priced by another agreement version's sharing term (the term loaded for writing is never mutated).</summary>
    public SubscriptionTerm RepricedBy(Guid agreementId, int agreementVersion, SharingTerm sharingTerm)
    {
        var copy = (SubscriptionTerm)MemberwiseClone();
        copy.AgreementId = agreementId;
        copy.AgreementVersion = agreementVersion;
        copy.SharingTerm = sharingTerm;
        return copy;
    }

    public bool Contains(LocalDate date) => Start <= date && date <= End;

    /// <summary>Whether the member takes part on any day of [from, to].</summary>
    public bool Overlaps(Guid memberId, LocalDate from, LocalDate to) =>
        Participants.Any(p => p.MemberId == memberId && (p.From ?? Start) <= to && from <= (p.To ?? End));

    public bool TakesPartOn(Guid memberId, LocalDate date) => Overlaps(memberId, date, date);
}
