using SharingLedger.Infrastructure.Http;

namespace SharingLedger.Loans;

/// <summary>What the pure loan decisions answer: events to record, or why nothing is recorded.</summary>
public abstract record LoanDecision
{
    /// <summary>Record these events, in this order, on the loan's stream.</summary>
    public sealed record Accepted(IReadOnlyList<object> Events) : LoanDecision;

    /// <summary>The lifecycle table does not allow the action from the current state (409).</summary>
    public sealed record NotAllowed(LoanState State, LoanAction Action, ServiceType ServiceType, IReadOnlyList<LoanAction> Allowed) : LoanDecision
    {
        public string Detail =>
            $"A {(ServiceType == ServiceType.CopyOrLoan ? "copy-or-loan" : ServiceType.ToString().ToLowerInvariant())} request in state '{State.Name()}' cannot take '{Action.Name()}'. " +
            (Allowed.Count == 0 ? "The request has ended; no action is allowed." : $"Allowed now: {string.Join(", ", Allowed.Select(a => a.Name()))}.");
    }

    /// <summary>Another fact already stands in the way (409), e.g. an open request with the same request id.</summary>
    public sealed record Conflict(string Detail) : LoanDecision;

    /// <summary>The request breaks a rule (422); each error names its field.</summary>
    public sealed record Invalid(IReadOnlyList<FieldError> Errors) : LoanDecision;
}
