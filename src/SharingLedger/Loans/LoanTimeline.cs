using NodaTime;
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

    public static ServiceTimeline Of(Loan loan) => Of(loan.RequestedOn, loan.SuppliedOn, Actions(loan));

    /// <summary>The loan's steps that were actions (not its request), in order, with their business dates.</summary>
    private static IReadOnlyList<(LoanAction Action, LocalDate On)> Actions(Loan loan) =>
        [.. loan.Steps.Where(s => s.Action is not null).Select(s => (s.Action!.Value, s.On))];

    public static ServiceTimeline Of(LocalDate requestedOn, LocalDate? suppliedOn, IReadOnlyList<(LoanAction Action, LocalDate On)> steps)
    {
        LocalDate? First(Func<LoanAction, bool> which) => steps.Where(s => which(s.Action)).Select(s => (LocalDate?)s.On).FirstOrDefault();
        return new ServiceTimeline(
            requestedOn,
            Answered: First(Answers.Contains),
            Shipped: suppliedOn,
            Refused: First(a => a is LoanAction.Unfilled or LoanAction.RetryPossible),
            Withdrawn: suppliedOn is null ? First(a => a is LoanAction.Cancelled or LoanAction.DeclineCondition) : null,
            ShipExempt: steps.Any(s => s.Action is LoanAction.HoldPlaced or LoanAction.Conditional));
    }
}
