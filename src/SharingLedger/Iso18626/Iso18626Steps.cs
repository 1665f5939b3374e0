using NodaTime;
using SharingLedger.Loans;
using static SharingLedger.Iso18626.Iso18626Errors;

namespace SharingLedger.Iso18626;

/// <summary>
/// What one ISO 18626 message does to a loan, free of HTTP and storage: the answer and the events it records. The intake
/// loads the loan (and, for a lifecycle action, the facts of <see cref="LoanCommands.ActContextAsync"/>) and appends the
/// events; the state table in docs/iso18626-states.md is this function's, row by row.
/// </summary>
public static class Iso18626Steps
{
    /// <summary>The answer to a message that records nothing whatever the loan's facts (null: it needs <see cref="Decide"/>).</summary>
    public static Iso18626Outcome? Immediate(Loan loan, IsoStep step) => step switch
    {
        IsoStep.Nothing or IsoStep.StatusRequest => Iso18626Outcome.Accepted,
        IsoStep.Refuse r => Iso18626Outcome.Error(r.ErrorType, r.ErrorValue),
        IsoStep.AskRenew => LoanLifecycle.Next(loan.State, LoanAction.Renewed, loan.ServiceType) is null
            ? Iso18626Outcome.Error(UnrecognisedDataValue, $"request {loan.RequestId} is {loan.State.Name()}: only an item with the borrower (received or overdue) can be renewed.")
            : Iso18626Outcome.Accepted,
        _ when Iso18626Mapping.AlreadyApplied(loan, step) => Iso18626Outcome.Accepted,
        _ => null,
    };

    /// <summary>
    /// The answer and the events of a message for this loan. <paramref name="ctx"/> is needed for a lifecycle action
    /// (<see cref="IsoStep.Take"/>) only.
    /// </summary>
    public static (Iso18626Outcome Outcome, IReadOnlyList<object> Events) Decide(Loan loan, IsoStep step, LoanContext? ctx, LocalDate today, Instant now)
    {
        if (Immediate(loan, step) is { } answer) return (answer, []);
        var decision = step switch
        {
            IsoStep.AskCancel ask => CancellationDecisions.Ask(loan, ask.Input.On ?? today, ask.Input.Note, today, now),
            IsoStep.DeclineCancel decline => CancellationDecisions.Decline(loan, decline.Input.On ?? today, decline.Input.Note, today, now),
            IsoStep.Take take => LoanDecisions.Act(loan, take.Action, take.Input,
                ctx ?? throw new ArgumentNullException(nameof(ctx), "A lifecycle action is decided against the loan's facts."), now),
            _ => throw new InvalidOperationException($"Unknown step {step.GetType().Name}."),
        };
        return decision is LoanDecision.Accepted accepted ? (Iso18626Outcome.Accepted, accepted.Events) : (Refused(decision), []);
    }

    /// <summary>The ISO 18626 status (type_status) a loan in this state has, as its supplier would report it.</summary>
    public static string Status(LoanState state) => state switch
    {
        LoanState.Requested => "RequestReceived",
        LoanState.ExpectToSupply or LoanState.HoldPlaced or LoanState.Conditional => "ExpectToSupply",
        LoanState.WillSupply => "WillSupply",
        LoanState.Shipped or LoanState.Received or LoanState.ReturnShipped or LoanState.Damaged or LoanState.Lost => "Loaned",
        LoanState.Overdue => "Overdue",
        LoanState.Recalled => "Recalled",
        LoanState.RetryPossible => "RetryPossible",
        LoanState.Unfilled => "Unfilled",
        LoanState.Cancelled => "Cancelled",
        LoanState.LoanCompleted => "LoanCompleted",
        LoanState.CopyCompleted => "CopyCompleted",
        LoanState.CompletedWithoutReturn or LoanState.ReplacementBilled => "CompletedWithoutReturn",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };

    public static Iso18626Outcome Refused(LoanDecision decision) => Iso18626Outcome.Error(UnrecognisedDataValue, decision switch
    {
        LoanDecision.NotAllowed n => n.Detail,
        LoanDecision.Conflict c => c.Detail,
        LoanDecision.Invalid i => string.Join(" ", i.Errors.Select(e => $"{e.Field}: {e.Message}")),
        _ => decision.ToString(),
    });
}
