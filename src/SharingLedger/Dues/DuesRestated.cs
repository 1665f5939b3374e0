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
/// A restatement prices on the basis of the assessment it restates: prorated by day (<paramref name="DaysInYear"/>
/// and <paramref name="Uncovered"/> as on <see cref="DuesAssessed"/>) or, for an assessment recorded before proration,
/// among the members active on the first day (both null).
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
    Instant RecordedAt,
    int? DaysInYear = null,
    Money? Uncovered = null);
