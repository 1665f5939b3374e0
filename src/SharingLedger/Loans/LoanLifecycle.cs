using A = SharingLedger.Loans.LoanAction;
using S = SharingLedger.Loans.LoanState;

namespace SharingLedger.Loans;

/// <summary>One allowed step: from a state, an action leads to a state; <paramref name="Only"/> limits it to loans or to copies.</summary>
public sealed record LoanTransition(LoanState From, LoanAction Action, LoanState To, ServiceType? Only = null);

/// <summary>
/// The lifecycle of a loan or copy request as ONE table of allowed transitions (ISO 18626 statuses and
/// requester actions, plus ISO 10161's Lost and Damaged). Every command and any future ISO 18626 intake asks
/// <see cref="Next"/>; a pair that is not in the table is refused (409) and records nothing.
/// A copy is delivered by <c>copyCompleted</c> (ISO 18626 CopyCompleted), a loan by <c>shipped</c> (Loaned);
/// the rows after delivery are for loans only, because nothing comes back from a copy.
/// </summary>
public static class LoanLifecycle
{
    private const ServiceType L = ServiceType.Loan;
    private const ServiceType C = ServiceType.Copy;

    public static readonly IReadOnlyList<LoanTransition> Table =
    [
        // The lender's answers to a new request.
        new(S.Requested, A.ExpectToSupply, S.ExpectToSupply),
        new(S.Requested, A.WillSupply, S.WillSupply),
        new(S.Requested, A.HoldPlaced, S.HoldPlaced),
        new(S.Requested, A.Conditional, S.Conditional),
        new(S.Requested, A.Unfilled, S.Unfilled),
        new(S.Requested, A.RetryPossible, S.RetryPossible),
        new(S.Requested, A.Shipped, S.Shipped, L),
        new(S.Requested, A.CopyCompleted, S.CopyCompleted, C),
        new(S.Requested, A.Cancelled, S.Cancelled),

        new(S.ExpectToSupply, A.WillSupply, S.WillSupply),
        new(S.ExpectToSupply, A.HoldPlaced, S.HoldPlaced),
        new(S.ExpectToSupply, A.Conditional, S.Conditional),
        new(S.ExpectToSupply, A.Unfilled, S.Unfilled),
        new(S.ExpectToSupply, A.RetryPossible, S.RetryPossible),
        new(S.ExpectToSupply, A.Shipped, S.Shipped, L),
        new(S.ExpectToSupply, A.CopyCompleted, S.CopyCompleted, C),
        new(S.ExpectToSupply, A.Cancelled, S.Cancelled),

        new(S.WillSupply, A.HoldPlaced, S.HoldPlaced),
        new(S.WillSupply, A.Conditional, S.Conditional),
        new(S.WillSupply, A.Unfilled, S.Unfilled),
        new(S.WillSupply, A.Shipped, S.Shipped, L),
        new(S.WillSupply, A.CopyCompleted, S.CopyCompleted, C),
        new(S.WillSupply, A.Cancelled, S.Cancelled),

        // Document booking: the item is on loan elsewhere and booked for this borrower until it is back on the shelf.
        new(S.HoldPlaced, A.WillSupply, S.WillSupply),
        new(S.HoldPlaced, A.Conditional, S.Conditional),
        new(S.HoldPlaced, A.Unfilled, S.Unfilled),
        new(S.HoldPlaced, A.Shipped, S.Shipped, L),
        new(S.HoldPlaced, A.CopyCompleted, S.CopyCompleted, C),
        new(S.HoldPlaced, A.Cancelled, S.Cancelled),

        // A conditional answer waits for the borrower.
        new(S.Conditional, A.AcceptCondition, S.WillSupply),
        new(S.Conditional, A.DeclineCondition, S.Cancelled),
        new(S.Conditional, A.Unfilled, S.Unfilled),
        new(S.Conditional, A.Cancelled, S.Cancelled),

        // A loan on its way and with the borrower.
        new(S.Shipped, A.Received, S.Received, L),
        new(S.Shipped, A.Lost, S.Lost, L),

        new(S.Received, A.Overdue, S.Overdue, L),
        new(S.Received, A.Recalled, S.Recalled, L),
        new(S.Received, A.Renewed, S.Received, L),
        new(S.Received, A.ReturnShipped, S.ReturnShipped, L),
        new(S.Received, A.CompletedWithoutReturn, S.CompletedWithoutReturn, L),
        new(S.Received, A.Lost, S.Lost, L),
        new(S.Received, A.Damaged, S.Damaged, L),

        new(S.Overdue, A.Renewed, S.Received, L),
        new(S.Overdue, A.Recalled, S.Recalled, L),
        new(S.Overdue, A.ReturnShipped, S.ReturnShipped, L),
        new(S.Overdue, A.CompletedWithoutReturn, S.CompletedWithoutReturn, L),
        new(S.Overdue, A.Lost, S.Lost, L),
        new(S.Overdue, A.Damaged, S.Damaged, L),

        new(S.Recalled, A.Overdue, S.Overdue, L),
        new(S.Recalled, A.ReturnShipped, S.ReturnShipped, L),
        new(S.Recalled, A.CompletedWithoutReturn, S.CompletedWithoutReturn, L),
        new(S.Recalled, A.Lost, S.Lost, L),
        new(S.Recalled, A.Damaged, S.Damaged, L),

        new(S.ReturnShipped, A.LoanCompleted, S.LoanCompleted, L),
        new(S.ReturnShipped, A.Lost, S.Lost, L),
        new(S.ReturnShipped, A.Damaged, S.Damaged, L),

        new(S.Damaged, A.ReturnShipped, S.ReturnShipped, L),
        new(S.Damaged, A.LoanCompleted, S.LoanCompleted, L),
        new(S.Damaged, A.CompletedWithoutReturn, S.CompletedWithoutReturn, L),
        new(S.Damaged, A.Lost, S.Lost, L),

        // A lost loan: the replacement bill (within the agreement's windows), or closed without one.
        new(S.Lost, A.BillReplacement, S.ReplacementBilled, L),
        new(S.Lost, A.CompletedWithoutReturn, S.CompletedWithoutReturn, L),

        // Unfilled, RetryPossible, Cancelled, LoanCompleted, CopyCompleted, CompletedWithoutReturn and
        // ReplacementBilled end the request: no row leaves them. A retry is a new request.
    ];

    private static readonly Dictionary<(LoanState, LoanAction), LoanTransition> ByPair = Table.ToDictionary(t => (t.From, t.Action));

    /// <summary>
    /// The state the action leads to from <paramref name="state"/> for this service type, or null when the table does not allow it.
    /// A copy-or-loan request takes the rows of both until the lender delivers; the delivery decides what it is.
    /// </summary>
    public static LoanState? Next(LoanState state, LoanAction action, ServiceType type) =>
        ByPair.TryGetValue((state, action), out var t) && Fits(t, type) ? t.To : null;

    private static bool Fits(LoanTransition t, ServiceType type) => t.Only is null || t.Only == type || type == ServiceType.CopyOrLoan;

    /// <summary>The actions the table allows from a state, for this service type.</summary>
    public static IReadOnlyList<LoanAction> AllowedFrom(LoanState state, ServiceType type) =>
        Table.Where(t => t.From == state && Fits(t, type)).Select(t => t.Action).ToList();

    /// <summary>A state no action leaves, whatever the service type.</summary>
    public static bool IsFinal(LoanState state) => Table.All(t => t.From != state);
}
