namespace SharingLedger.Loans;

/// <summary>
/// What a month's clearing reads of a loan: its id, its request id, and its lending charge and replacement bill (which name the
/// parties, the amounts and the month). Selected from the stored <see cref="Loan"/> in SQL (<see cref="LoanAccess.ChargedInAsync"/>),
/// so that a month at a year's traffic reads 12,000 of these instead of 12,000 whole loans with every step of their history.
/// </summary>
public sealed record ChargedLoan
{
    public Guid Id { get; init; }
    public string RequestId { get; init; } = "";
    public LendingCharged? Charge { get; init; }
    public ReplacementCharged? Replacement { get; init; }

    /// <summary>The same fields of a loan already loaded (a restatement re-prices loans in memory before clearing them again).</summary>
    public static ChargedLoan Of(Loan loan) => new() { Id = loan.Id, RequestId = loan.RequestId, Charge = loan.Charge, Replacement = loan.Replacement };
}
