namespace SharingLedger.Dues;

/// <summary>What the API shows of an assessment.</summary>
public sealed record DuesView(
    Guid Id, Guid ConsortiumId, int FiscalYear, NodaTime.LocalDate PeriodStart, NodaTime.LocalDate PeriodEnd,
    Guid AgreementId, int AgreementVersion, Kernel.Money.Money Total, string Rule, Kernel.CostSharing.CostSharingRule RuleDefinition,
    IReadOnlyList<DuesShare> Shares, NodaTime.Instant AssessedAt)
{
    public static DuesView From(DuesAssessed a) => new(a.AssessmentId, a.ConsortiumId, a.FiscalYear, a.PeriodStart, a.PeriodEnd,
        a.AgreementId, a.AgreementVersion, a.Total, a.Rule.Describe(), a.Rule, a.Shares, a.AssessedAt);
}
