using SharingLedger.Kernel.Lending;

namespace SharingLedger.Loans;

/// <summary>Reads from a loan's steps the dates its service times are judged on (the kernel's <see cref="ServiceTimeline"/>).</summary>
public static class LoanTimeline
{
    /// <summary>The lender's answers: any reply of the lender, including the shipment or delivery itself.</summary>
    private static readonly HashSet<LoanAction> Answers =
    [
        LoanAction.ExpectToSupply, LoanAction.WillSupply, LoanAction.HoldPlaced, LoanAction.Conditional, LoanAction.Unfilled,
        LoanAction.RetryPossible, LoanAction.Shipped, LoanAction.CopyCompleted,
    ];

    public static ServiceTimeline Of(Loan loan)
    {
        var steps = loan.Steps.Where(s => s.Action is not null).ToList();
        return new ServiceTimeline(
            loan.RequestedOn,
            Answered: steps.FirstOrDefault(s => Answers.Contains(s.Action!.Value))?.On,
            Shipped: loan.SuppliedOn,
            Refused: steps.FirstOrDefault(s => s.Action is LoanAction.Unfilled or LoanAction.RetryPossible)?.On,
            Withdrawn: loan.SuppliedOn is null ? steps.FirstOrDefault(s => s.Action is LoanAction.Cancelled or LoanAction.DeclineCondition)?.On : null,
            ShipExempt: steps.Any(s => s.Action is LoanAction.HoldPlaced or LoanAction.Conditional));
    }
}
