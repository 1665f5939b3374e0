namespace SharingLedger.Loans;

/// <summary>
/// What a month's clearing reads of a loan: its id, its request id, and its lending charge and replacement bill (which name the
/// parties, the amounts and the month). A small document of its own, kept inline by <see cref="ChargedLoanProjection"/> from the
/// loan's events beside the <see cref="Loan"/> snapshot, its two months indexed per consortium (<see cref="LoansSetup"/>), so that a
/// month at a year's traffic reads 12,000 of these rows in two index ranges instead of taking them out of 12,000 whole loans
/// (docs/decisions.md, "A month's charges in a table of their own").
/// </summary>
public sealed record ChargedLoan
{
    public Guid Id { get; set; }
    public string RequestId { get; set; } = "";
    public LendingCharged? Charge { get; set; }
    public ReplacementCharged? Replacement { get; set; }

    /// <summary>The same fields of a loan already folded (a restatement re-prices loans in memory; an import writes these beside its snapshots).</summary>
    public static ChargedLoan Of(Loan loan) => new() { Id = loan.Id, RequestId = loan.RequestId, Charge = loan.Charge, Replacement = loan.Replacement };
}
