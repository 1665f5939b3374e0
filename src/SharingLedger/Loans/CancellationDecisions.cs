using NodaTime;
using SharingLedger.Infrastructure.Http;

namespace SharingLedger.Loans;

/// <summary>
/// ISO 18626 cancellation is a request the supplier answers: the borrower's Cancel records that it asked (the loan goes
/// on), the supplier's CancelResponse Y cancels (<see cref="LoanDecisions.Act"/> with <see cref="LoanAction.Cancelled"/>)
/// and N declines (the loan goes on where it stands). Pure, like <see cref="LoanDecisions"/>.
/// </summary>
public static class CancellationDecisions
{
    /// <summary>The borrower asks to cancel: allowed wherever the lifecycle allows a cancellation; asked twice, nothing new.</summary>
    public static LoanDecision Ask(Loan loan, LocalDate on, string? note, LocalDate today, Instant now)
    {
        if (LoanLifecycle.Next(loan.State, LoanAction.Cancelled, loan.ServiceType) is null)
            return new LoanDecision.NotAllowed(loan.State, LoanAction.Cancelled, loan.ServiceType, LoanLifecycle.AllowedFrom(loan.State, loan.ServiceType));
        if (loan.CancellationRequestedOn is not null) return new LoanDecision.Accepted([]);
        return Dated(loan, on, note, today) is { } invalid ? invalid : new LoanDecision.Accepted([new LoanCancellationRequested(loan.Id, on, Clean(note), now)]);
    }

    /// <summary>The lender declines: the pending request is answered and the loan goes on; with none pending, nothing to record.</summary>
    public static LoanDecision Decline(Loan loan, LocalDate on, string? note, LocalDate today, Instant now)
    {
        if (loan.CancellationRequestedOn is null) return new LoanDecision.Accepted([]);
        return Dated(loan, on, note, today) is { } invalid ? invalid : new LoanDecision.Accepted([new LoanCancellationDeclined(loan.Id, on, Clean(note), now)]);
    }

    private static LoanDecision.Invalid? Dated(Loan loan, LocalDate on, string? note, LocalDate today)
    {
        var v = new Validation();
        v.Require(on >= loan.LastOn, "on", $"Cannot be before the request's latest step on {loan.LastOn:uuuu-MM-dd}.");
        v.Require(on <= today, "on", $"Cannot be after today ({today:uuuu-MM-dd}).");
        v.Require(note is null || note.Length <= 500, "note", "At most 500 characters.");
        return v.IsValid ? null : new LoanDecision.Invalid(v.Errors);
    }

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
