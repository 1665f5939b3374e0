using NodaTime;
using SharingLedger.Agreements;
using SharingLedger.Kernel.Money;
using SharingLedger.Sharing;

namespace SharingLedger.Procurement;

/// <summary>
/// The invoiced cost was split again by agreement version <paramref name="AgreementVersion"/>'s sharing term of the same
/// name, a retroactive amendment in force on the day the procurement was proposed, replacing the split priced by
/// <paramref name="ReplacesAgreementVersion"/>. <paramref name="Lines"/> are the shares as they now stand;
/// <paramref name="Differences"/> lists every member of either split before and after (the nonzero differences are posted).
/// </summary>
public sealed record ProcurementCostRestated(
    Guid ProcurementId,
    Guid ConsortiumId,
    int FiscalYear,
    LocalDate PricedOn,
    Guid AgreementId,
    int AgreementVersion,
    int ReplacesAgreementVersion,
    string SharingTermName,
    SharingTerm SharingTerm,
    Money Total,
    IReadOnlyList<ShareLine> Lines,
    Money Shortfall,
    IReadOnlyList<RestatedShare> Differences,
    Instant RecordedAt);
