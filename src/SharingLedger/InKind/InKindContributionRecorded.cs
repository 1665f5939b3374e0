using NodaTime;
using SharingLedger.Kernel.Money;

namespace SharingLedger.InKind;

/// <summary>
/// A member gave the consortium a service in kind on <paramref name="ProvidedOn"/>: <paramref name="Quantity"/> units of
/// <paramref name="Kind"/>, valued at the rate of the agreement version in force that day
/// (<paramref name="AgreementId"/>, <paramref name="AgreementVersion"/>) as <paramref name="Value"/> = quantity × rate,
/// rounded once to the minor unit, halves away from zero. It is credited against the member's dues of
/// <paramref name="FiscalYear"/> (<paramref name="DuesItemId"/>, the dues item of its account).
/// </summary>
public sealed record InKindContributionRecorded(
    Guid ContributionId,
    Guid ConsortiumId,
    Guid MemberId,
    string MemberCode,
    int FiscalYear,
    string Kind,
    string Unit,
    decimal Quantity,
    Money Rate,
    Money Value,
    LocalDate ProvidedOn,
    string Description,
    Guid AgreementId,
    int AgreementVersion,
    Guid DuesAssessmentId,
    string DuesItemId,
    Instant RecordedAt);
