using NodaTime;
using SharingLedger.Kernel.CostSharing;
using SharingLedger.Kernel.Money;

namespace SharingLedger.Dues;

/// <summary>
/// One member's dues for a fiscal year and why: the exact fraction of the total the rule gave it
/// (<paramref name="Weight"/>, "n/d"), the exact amount before rounding (<paramref name="ExactAmount"/>,
/// in major units to 6 places), the minor units rounding added, and the figures the rule read.
/// </summary>
public sealed record DuesShare(
    Guid MemberId,
    string MemberCode,
    Money Amount,
    string Weight,
    string ExactAmount,
    long RoundingAdjustmentMinor,
    IReadOnlyDictionary<BasisAttribute, decimal> Inputs);

/// <summary>
/// Annual dues were assessed for a fiscal year under the agreement version in force on its first day,
/// among the members active that day, using their figures as of that day.
/// </summary>
public sealed record DuesAssessed(
    Guid AssessmentId,
    Guid ConsortiumId,
    int FiscalYear,
    LocalDate PeriodStart,
    LocalDate PeriodEnd,
    Guid AgreementId,
    int AgreementVersion,
    Money Total,
    CostSharingRule Rule,
    IReadOnlyList<DuesShare> Shares,
    Instant AssessedAt);
