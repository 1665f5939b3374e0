using NodaTime;
using SharingLedger.Agreements;
using SharingLedger.Kernel.Money;
using SharingLedger.Membership;

namespace SharingLedger.Sharing;

/// <summary>Everything needed to split one shared cost.</summary>
/// <param name="PreviousShares">Each member's share of the previous term, for increase caps (and the phase-in when <paramref name="SharesBeforePhaseIn"/> is null).</param>
/// <param name="StandalonePrices">What each member would pay alone, for standalone-price caps and savings.</param>
/// <param name="Usage">Each member's usage count in the term, for usage-based rules.</param>
/// <param name="PhaseInYear">Which year t of the term's phase-in this is (1 to N); null when not phasing in.</param>
/// <param name="SharesBeforePhaseIn">Each member's share of the term before the phase-in began: p_old of every year of it.</param>
public sealed record PricingInput(
    Money Total,
    SharingTerm Term,
    DateInterval Period,
    IReadOnlyList<Participation> Participants,
    IReadOnlyDictionary<Guid, Member> Members,
    IReadOnlyDictionary<Guid, Money>? PreviousShares = null,
    IReadOnlyDictionary<Guid, Money>? StandalonePrices = null,
    IReadOnlyDictionary<Guid, decimal>? Usage = null,
    int? PhaseInYear = null,
    IReadOnlyDictionary<Guid, Money>? SharesBeforePhaseIn = null);
