namespace SharingLedger.Dues;

/// <summary>A fiscal year's dues for a consortium (inline snapshot of its stream): the assessment and any restatements.</summary>
public sealed class DuesAssessment
{
    public Guid Id { get; set; }
    public Guid ConsortiumId { get; set; }
    public int FiscalYear { get; set; }
    public DuesAssessed Assessed { get; set; } = null!;
    public List<DuesRestated> Restatements { get; set; } = [];
    public int Version { get; set; }

    public static DuesAssessment Create(DuesAssessed e) =>
        new() { Id = e.AssessmentId, ConsortiumId = e.ConsortiumId, FiscalYear = e.FiscalYear, Assessed = e };

    public void Apply(DuesRestated e) => this.Restatements.Add(e);

    /// <summary>The dues as they now stand: the assessment, with the latest restatement's version, total, rule and shares.</summary>
    public DuesAssessed Current => this.Restatements.Count == 0 ? Assessed : Assessed with
    {
        AgreementId = this.Restatements[^1].AgreementId,
        AgreementVersion = this.Restatements[^1].AgreementVersion,
        Total = this.Restatements[^1].Total,
        Rule = this.Restatements[^1].Rule,
        Shares = this.Restatements[^1].Shares,
        DaysInYear = this.Restatements[^1].DaysInYear,
        Uncovered = this.Restatements[^1].Uncovered,
    };

    public DuesShare? ShareOf(Guid memberId) =>
        Assessed.Shares.Concat(this.Restatements.SelectMany(r => r.Shares)).FirstOrDefault(s => s.MemberId == memberId);

    /// <summary>The member's share as it now stands (null when the latest pricing gives it none).</summary>
    public DuesShare? CurrentShareOf(Guid memberId) => Current.Shares.FirstOrDefault(s => s.MemberId == memberId);
}
