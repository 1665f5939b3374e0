using NodaTime;
using SharingLedger.Kernel.Money;
using SharingLedger.Sharing;
using SharingLedger.Loans;
using SharingLedger.Agreements;

namespace SharingLedger.Clearing;

/// <summary>
/// A settled month's clearing was computed again after a retroactive amendment (agreement version <paramref name="AgreementVersion"/>,
/// replacing <paramref name="ReplacesAgreementVersion"/>) re-priced lending charges in it. The settlement is not edited: this event
/// carries the positions and fund before and after; <paramref name="Differences"/> gives each member's amount owed in clearing
/// (its position negated: negative when it is paid) before and after.
/// </summary>
public sealed record ClearingRestated(
    Guid SettlementId,
    Guid ConsortiumId,
    string Month,
    LocalDate PeriodStart,
    LocalDate PeriodEnd,
    Guid AgreementId,
    int AgreementVersion,
    int ReplacesAgreementVersion,
    string Currency,
    IReadOnlyList<ClearingPositionLine> PreviousPositions,
    Money PreviousFund,
    IReadOnlyList<ClearingPositionLine> Positions,
    Money Fund,
    IReadOnlyList<RestatedShare> Differences,
    Instant RecordedAt);
