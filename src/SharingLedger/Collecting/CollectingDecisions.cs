using NodaTime;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure;
using SharingLedger.Infrastructure.Http;
using SharingLedger.Kernel.Money;
using SharingLedger.Membership;

namespace SharingLedger.Collecting;

/// <summary>
/// The decisions of a fiscal year's collecting plan, free of HTTP and storage: given the plan (null before its first
/// assignment), what was loaded for the command and the command, the event it records or why it records nothing.
/// Refusals keep the order the endpoints always had.
/// </summary>
public static class CollectingDecisions
{
    public static Decision Assign(CollectingPlan? plan, AssignCollecting command, Consortium consortium, int fiscalYear, Member? member,
        LocalDate today, Guid assignmentId, Instant now)
    {
        if (fiscalYear is < 1900 or > 9998) return Invalid("fiscalYear", "Must be a year such as 2026.");
        var period = consortium.Calendar().Year(fiscalYear);

        var v = new Validation().NotBlank(command.Subject, "subject");
        if (command.Format is not null) v.NotBlank(command.Format, "format", 100);
        var budget = v.Money(command.CommittedBudget, "committedBudget", positive: true, currency: consortium.BaseCurrency);
        CheckMember(v, consortium.Id, command.MemberId, member, period, today);
        if (!v.IsValid) return new Decision.Invalid(v.Errors);

        var subject = CollectingSubjects.Normalize(command.Subject);
        var duplicate = plan?.ActiveAssignments().FirstOrDefault(a => a.MemberId == member!.Id && CollectingSubjects.Same(a.Subject, subject));
        if (duplicate is not null)
            return new Decision.Conflict($"Member {member!.Code} is already assigned '{duplicate.Subject}' in fiscal year {fiscalYear} " +
                $"(assignment {duplicate.AssignmentId}); withdraw that assignment first to assign it again.");

        var format = command.Format is null ? null : CollectingSubjects.Normalize(command.Format);
        return Decision.Accept(new CollectingAssigned(CollectingContext.PlanId(consortium.Id, fiscalYear), consortium.Id, fiscalYear,
            period.Start, period.End, assignmentId, member!.Id, member.Code, subject, format, budget!.Value, now));
    }

    public static Decision Withdraw(CollectingPlan? plan, WithdrawCollectingAssignment command, int fiscalYear, Guid assignmentId, Instant now)
    {
        var assignment = plan?.Assignment(assignmentId);
        if (assignment is null) return new Decision.NotFound($"collecting assignment in fiscal year {fiscalYear} with", assignmentId);
        if (!assignment.IsActive) return new Decision.Conflict($"Assignment {assignmentId} was already withdrawn at {assignment.WithdrawnAt}.");
        var v = new Validation().NotBlank(command.Reason, "reason", 500);
        if (!v.IsValid) return new Decision.Invalid(v.Errors);
        return Decision.Accept(new CollectingAssignmentWithdrawn(plan!.Id, assignmentId, assignment.MemberId, command.Reason.Trim(), now));
    }

    public static Decision ReportSpend(CollectingPlan? plan, ReportCollectingSpend command, string baseCurrency, int fiscalYear,
        Guid assignmentId, LocalDate today, Instant now)
    {
        var assignment = plan?.Assignment(assignmentId);
        if (plan is null || assignment is null) return new Decision.NotFound($"collecting assignment in fiscal year {fiscalYear} with", assignmentId);

        var v = new Validation();
        if (!assignment.IsActive)
            v.Add("assignmentId", $"Assignment {assignmentId} was withdrawn at {assignment.WithdrawnAt}; no spend can be reported against it.");
        var amount = Amount(v, command.Amount, baseCurrency);
        var note = string.IsNullOrWhiteSpace(command.Note) ? null : command.Note.Trim();
        if (note is not null) v.NotBlank(note, "note", 500);
        if (amount is { IsNegative: true } && note is null)
            v.Add("note", "A negative report corrects earlier reports and needs the reason.");
        if (amount is { } a && (assignment.Reported + a).IsNegative)
            v.Add("amount.amount", $"Reported spend is {assignment.Reported}; a correction cannot bring it below zero.");
        v.Date(command.ReportedOn, "reportedOn");
        if (command.ReportedOn is { } on)
        {
            if (on < plan.PeriodStart)
                v.Add("reportedOn", $"Fiscal year {fiscalYear} starts on {plan.PeriodStart:uuuu-MM-dd}; spend for it cannot be dated earlier.");
            if (on > today)
                v.Add("reportedOn", $"Cannot be after today ({today:uuuu-MM-dd} in the consortium's time zone).");
        }
        if (!v.IsValid) return new Decision.Invalid(v.Errors);
        return Decision.Accept(new CollectingSpendReported(plan.Id, assignmentId, assignment.MemberId, amount!.Value, command.ReportedOn!.Value, note, now));
    }

    /// <summary>
    /// The member must belong to this consortium, be a member during the fiscal year (admitted by its last day,
    /// not withdrawn by its first), and not have withdrawn as of today: a library that has left gets no new work.
    /// </summary>
    private static void CheckMember(Validation v, Guid consortiumId, Guid? memberId, Member? member, DateInterval period, LocalDate today)
    {
        if (memberId is null) { v.Add("memberId", "Required."); return; }
        if (member is null || member.ConsortiumId != consortiumId || member.Id != memberId)
        {
            v.Add("memberId", $"{memberId} is not a member of this consortium.");
            return;
        }
        if (member.AdmittedOn > period.End)
            v.Add("memberId", $"Member {member.Code} is admitted on {member.AdmittedOn:uuuu-MM-dd}, after the fiscal year ends on {period.End:uuuu-MM-dd}.");
        else if (member.WithdrawnOn is { } gone && (gone <= period.Start || gone <= today))
            v.Add("memberId", $"Member {member.Code} withdrew with effect from {gone:uuuu-MM-dd}; it cannot be given collecting work.");
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

    private static Decision Invalid(string field, string message) => new Decision.Invalid([new FieldError(field, message)]);
}
