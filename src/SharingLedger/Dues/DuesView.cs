namespace SharingLedger.Dues;

/// <summary>
/// What the API shows of an assessment. <c>DaysInYear</c> is set when the dues were prorated by day; <c>Uncovered</c>
/// is the cost of days on which no member was active (null when there were none).
/// </summary>
public sealed record DuesView(
    Guid Id, Guid ConsortiumId, int FiscalYear, NodaTime.LocalDate PeriodStart, NodaTime.LocalDate PeriodEnd,
    Guid AgreementId, int AgreementVersion, Kernel.Money.Money Total, string Rule, Kernel.CostSharing.CostSharingRule RuleDefinition,
    IReadOnlyList<DuesShare> Shares, NodaTime.Instant AssessedAt, int? DaysInYear, Kernel.Money.Money? Uncovered)
{
    public static DuesView From(DuesAssessed a) => new(a.AssessmentId, a.ConsortiumId, a.FiscalYear, a.PeriodStart, a.PeriodEnd,
        a.AgreementId, a.AgreementVersion, a.Total, a.Rule.Describe(), a.Rule, a.Shares, a.AssessedAt, a.DaysInYear, a.Uncovered);
}
