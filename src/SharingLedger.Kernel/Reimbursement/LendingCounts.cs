namespace SharingLedger.Kernel.Reimbursement;

/// <summary>A member's interlibrary loans supplied and borrowings received in the period reimbursed.</summary>
public sealed record LendingCounts(string MemberId, long Loans, long Borrows)
{
    /// <summary>Loans minus borrowings; only a positive net makes a member a net lender.</summary>
    public long NetLending => Loans - Borrows;
}
