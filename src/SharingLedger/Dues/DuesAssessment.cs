namespace SharingLedger.Dues;

/// <summary>A fiscal year's dues for a consortium (inline snapshot of its stream).</summary>
public sealed class DuesAssessment
{
    public Guid Id { get; set; }
    public Guid ConsortiumId { get; set; }
    public int FiscalYear { get; set; }
    public DuesAssessed Assessed { get; set; } = null!;
    public int Version { get; set; }

    public static DuesAssessment Create(DuesAssessed e) =>
        new() { Id = e.AssessmentId, ConsortiumId = e.ConsortiumId, FiscalYear = e.FiscalYear, Assessed = e };

    public DuesShare? ShareOf(Guid memberId) => Assessed.Shares.FirstOrDefault(s => s.MemberId == memberId);
}
