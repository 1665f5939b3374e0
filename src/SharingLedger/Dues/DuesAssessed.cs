using NodaTime;
using SharingLedger.Kernel.CostSharing;
using SharingLedger.Kernel.Money;

namespace SharingLedger.Dues;

/// <summary>
/// One member's dues for a fiscal year and why: the exact fraction of the total the rule gave it
/// (<paramref name="Weight"/>, "n/d"), the exact amount before rounding (<paramref name="ExactAmount"/>,
/// in major units to 6 places), the minor units rounding added, and the figures the rule read. Prorated dues also
/// record the days the member was active in the year (<paramref name="DaysActive"/>, from
/// <paramref name="ActiveFrom"/> to <paramref name="ActiveTo"/>, both inclusive); shares recorded before dues were
/// prorated have none (the member was active on the first day and paid for the whole year).
/// </summary>
public sealed record DuesShare(
    Guid MemberId,
    string MemberCode,
    Money Amount,
    string Weight,
    string ExactAmount,
    long RoundingAdjustmentMinor,
    IReadOnlyDictionary<BasisAttribute, decimal> Inputs,
    int? DaysActive = null,
    LocalDate? ActiveFrom = null,
    LocalDate? ActiveTo = null);

/// <summary>
/// Annual dues were assessed for a fiscal year under the agreement version in force on its first day. Prorated by
/// day (<paramref name="DaysInYear"/> set): each day carries total/DaysInYear, split by the rule among the members
/// active that day, with each member's figures as of its first day in the year; the shares plus
/// <paramref name="Uncovered"/> (the cost of days on which no member was active, null when none) add up to the total.
/// Recorded before proration (<paramref name="DaysInYear"/> null): split among the members active on the first day.
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
    Instant AssessedAt,
    int? DaysInYear = null,
    Money? Uncovered = null);
