namespace SharingLedger.Loans;

/// <summary>
/// Which party of a loan takes each action, after ISO 18626: the requester (borrower) answers a
/// condition, confirms receipt, ships the item back and cancels; the supplier (lender) does the rest.
/// Staff may record either side's action; a member system only its own side's.
/// </summary>
public static class LoanSides
{
    private static readonly HashSet<LoanAction> BorrowerActions =
        [LoanAction.AcceptCondition, LoanAction.DeclineCondition, LoanAction.Received, LoanAction.ReturnShipped, LoanAction.Cancelled];

    public static bool IsBorrowerAction(LoanAction action) => BorrowerActions.Contains(action);

    /// <summary>False only for a member system acting on the other party's side.</summary>
    public static bool MayTake(HttpContext http, Loan loan, LoanAction action) =>
        Access.Actor.MayActFor(http, IsBorrowerAction(action) ? loan.BorrowerId : loan.LenderId);
}
