using NodaTime;

namespace SharingLedger.Loans;

/// <summary>
/// A loan's lending charge was priced again by agreement version <paramref name="AgreementVersion"/>, a retroactive amendment
/// in force on the day it shipped, replacing the pricing by <paramref name="ReplacesAgreementVersion"/>. <paramref name="Charge"/>
/// is the charge as it now stands (same day and month). Posts nothing by itself: a charge posts when its month is settled, and a
/// month already settled is restated by the clearing slice's <c>ClearingRestated</c>.
/// </summary>
public sealed record LendingChargeRestated(
    Guid LoanId,
    Guid ConsortiumId,
    Guid AgreementId,
    int AgreementVersion,
    int ReplacesAgreementVersion,
    LendingCharged Charge,
    Instant RecordedAt);
