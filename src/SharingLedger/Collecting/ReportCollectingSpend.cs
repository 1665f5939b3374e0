using Marten;
using NodaTime;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure;
using SharingLedger.Infrastructure.Http;
using SharingLedger.Kernel.Money;
using Wolverine.Http;

namespace SharingLedger.Collecting;

/// <summary>
/// Spend against an assignment since the last report (not a running total). A negative amount corrects earlier
/// reports and needs the reason in <c>note</c>.
/// </summary>
public sealed record ReportCollectingSpend(MoneyInput? Amount, LocalDate? ReportedOn, string? Note);

public static class ReportCollectingSpendEndpoint
{
    /// <summary>Report what a member spent on a collecting assignment; the answer gives the budget committed, reported and remaining.</summary>
    [ProducesResponseType(typeof(CollectingSpendTotals), 200)]
    [Allow(Roles.Finance)]
    [WolverinePost("/consortia/{consortiumId}/collecting/{fiscalYear}/assignments/{assignmentId}/spend")]
    public static async Task<IResult> Post(Guid consortiumId, int fiscalYear, Guid assignmentId, ReportCollectingSpend? command,
        IDocumentSession session, IClock clock, CancellationToken ct)
    {
        if (command is null) return Problems.BadRequest("The request body is empty.");
        var consortium = await session.LoadAsync<Consortium>(consortiumId, ct);
        if (consortium is null) return Problems.NotFound("consortium", consortiumId);

        var planId = StreamIds.CollectingPlan(consortiumId, fiscalYear);
        var stream = await session.Events.FetchForWriting<CollectingPlan>(planId, ct);
        var plan = stream.Aggregate;
        var assignment = plan?.Assignment(assignmentId);
        if (plan is null || assignment is null) return Problems.NotFound($"collecting assignment in fiscal year {fiscalYear} with", assignmentId);

        var v = new Validation();
        if (!assignment.IsActive)
            v.Add("assignmentId", $"Assignment {assignmentId} was withdrawn at {assignment.WithdrawnAt}; no spend can be reported against it.");
        var amount = Amount(v, command.Amount, consortium.BaseCurrency);
        var note = string.IsNullOrWhiteSpace(command.Note) ? null : command.Note.Trim();
        if (note is not null) v.NotBlank(note, "note", 500);
        if (amount is { IsNegative: true } && note is null)
            v.Add("note", "A negative report corrects earlier reports and needs the reason.");
        if (amount is { } a && (assignment.Reported + a).IsNegative)
            v.Add("amount.amount", $"Reported spend is {assignment.Reported}; a correction cannot bring it below zero.");

        var today = consortium.Calendar().Today(clock);
        v.Date(command.ReportedOn, "reportedOn");
        if (command.ReportedOn is { } on)
        {
            if (on < plan.PeriodStart)
                v.Add("reportedOn", $"Fiscal year {fiscalYear} starts on {plan.PeriodStart:uuuu-MM-dd}; spend for it cannot be dated earlier.");
            if (on > today)
                v.Add("reportedOn", $"Cannot be after today ({today:uuuu-MM-dd} in the consortium's time zone).");
        }
        if (!v.IsValid) return v.Problem();

        // Worked out before saving: the inline projection may apply the event to this very aggregate instance.
        var committed = assignment.CommittedBudget;
        var reported = assignment.Reported + amount!.Value;
        stream.AppendOne(new CollectingSpendReported(planId, assignmentId, assignment.MemberId, amount.Value, command.ReportedOn!.Value,
            note, clock.GetCurrentInstant()));
        return Results.Ok(new { id = assignmentId, committed, reported, remaining = committed - reported });
    }

    /// <summary>Any non-zero amount in the base currency: positive for spend, negative for a correction.</summary>
    private static Money? Amount(Validation v, MoneyInput? input, string baseCurrency)
    {
        if (input is null) { v.Add("amount", "Required."); return null; }
        if (!Money.TryParseInput(input.Amount, input.Currency, out var money, out var error)) { v.Add("amount", error); return null; }
        if (money.Currency != baseCurrency) { v.Add("amount.currency", $"Must be the consortium's base currency {baseCurrency}."); return null; }
        if (money.IsZero) { v.Add("amount.amount", "Must not be zero (a negative amount corrects earlier reports)."); return null; }
        return money;
    }
}

/// <summary>An assignment's committed budget, what has been reported spent on it, and what remains.</summary>
public sealed record CollectingSpendTotals(Guid Id, Money Committed, Money Reported, Money Remaining);
