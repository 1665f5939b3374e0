using NodaTime;
using SharingLedger.Kernel.Money;
using SharingLedger.Loans;
using SharingLedger.Agreements;

namespace SharingLedger.Reimbursement;

/// <summary>
/// A lender documented what its interlibrary lending cost it in a fiscal year: the cap of a per-loan reimbursement.
/// A later documentation for the same member replaces the earlier one (both stay in the stream).
/// </summary>
public sealed record LendingCostDocumented(Guid ClaimsId, Guid ConsortiumId, int FiscalYear, Guid MemberId, Money DocumentedCost, Instant RecordedAt);

/// <summary>The documented lending costs of a consortium's fiscal year (inline snapshot of <c>StreamIds.ReimbursementClaims</c>).</summary>
public sealed class ReimbursementClaims
{
    public Guid Id { get; set; }
    public Guid ConsortiumId { get; set; }
    public int FiscalYear { get; set; }
    public Dictionary<Guid, Money> DocumentedCosts { get; set; } = [];
    public int Version { get; set; }

    public static ReimbursementClaims Create(LendingCostDocumented e) =>
        new() { Id = e.ClaimsId, ConsortiumId = e.ConsortiumId, FiscalYear = e.FiscalYear, DocumentedCosts = new() { [e.MemberId] = e.DocumentedCost } };

    public void Apply(LendingCostDocumented e) => DocumentedCosts[e.MemberId] = e.DocumentedCost;
}
