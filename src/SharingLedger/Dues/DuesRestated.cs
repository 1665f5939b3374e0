using NodaTime;
using SharingLedger.Kernel.CostSharing;
using SharingLedger.Kernel.Money;
using SharingLedger.Sharing;

namespace SharingLedger.Dues;

/// <summary>
/// A fiscal year's dues were priced again under agreement version <paramref name="AgreementVersion"/>, a retroactive
/// amendment in force on the year's first day, replacing the pricing by <paramref name="ReplacesAgreementVersion"/>.
/// <paramref name="Shares"/> are the dues as they now stand; <paramref name="Differences"/> lists every member of
/// either pricing with its share before and after (the nonzero differences are posted). The first assessment is never edited.
/// </summary>
public sealed record DuesRestated(
    Guid AssessmentId,
    Guid ConsortiumId,
    int FiscalYear,
    Guid AgreementId,
    int AgreementVersion,
    int ReplacesAgreementVersion,
    Money Total,
    CostSharingRule Rule,
    IReadOnlyList<DuesShare> Shares,
    IReadOnlyList<RestatedShare> Differences,
    Instant RecordedAt);
