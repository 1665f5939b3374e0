namespace SharingLedger.Loans.Import;

/// <summary>Folds a loan event into the loan in memory, as Marten's inline snapshot of <see cref="Loan"/> does when the event is appended.</summary>
public static class LoanEventFolder
{
    /// <summary>
    /// Every event type a loan is made from or folds (<see cref="Loan.Create"/>'s and each public <c>Apply</c>'s), read from
    /// <see cref="Loan"/> itself, so a new <c>Apply</c> is never left out of what the loans' rebuild reads: <see cref="Apply"/>
    /// refuses a type it does not know instead of skipping it.
    /// </summary>
    public static readonly IReadOnlyList<Type> Types = [typeof(LoanRequested), .. typeof(Loan).GetMethods()
        .Where(m => m is { Name: nameof(Loan.Apply), IsStatic: false, IsPublic: true } && m.GetParameters().Length == 1)
        .Select(m => m.GetParameters()[0].ParameterType).Distinct()];

    public static void Apply(Loan loan, object e)
    {
        switch (e)
        {
            case LoanSupplyExpected x: loan.Apply(x); break;
            case LoanSupplyConfirmed x: loan.Apply(x); break;
            case LoanHoldPlaced x: loan.Apply(x); break;
            case LoanConditionOffered x: loan.Apply(x); break;
            case LoanConditionAccepted x: loan.Apply(x); break;
            case LoanConditionDeclined x: loan.Apply(x); break;
            case LoanCancellationRequested x: loan.Apply(x); break;
            case LoanCancellationDeclined x: loan.Apply(x); break;
            case LoanUnfilled x: loan.Apply(x); break;
            case LoanRetryPossible x: loan.Apply(x); break;
            case LoanShipped x: loan.Apply(x); break;
            case LoanReceived x: loan.Apply(x); break;
            case LoanOverdue x: loan.Apply(x); break;
            case LoanRecalled x: loan.Apply(x); break;
            case LoanRenewed x: loan.Apply(x); break;
            case LoanReturnShipped x: loan.Apply(x); break;
            case LoanCompleted x: loan.Apply(x); break;
            case LoanCopyCompleted x: loan.Apply(x); break;
            case LoanCompletedWithoutReturn x: loan.Apply(x); break;
            case LoanCancelled x: loan.Apply(x); break;
            case LoanLost x: loan.Apply(x); break;
            case LoanDamaged x: loan.Apply(x); break;
            case LendingCharged x: loan.Apply(x); break;
            case LendingChargeRestated x: loan.Apply(x); break;
            case ReplacementCharged x: loan.Apply(x); break;
            default: throw new InvalidOperationException($"No way to fold {e.GetType().Name} into a loan.");
        }
    }
}
