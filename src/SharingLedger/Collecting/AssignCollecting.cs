using Marten;
using NodaTime;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure;
using SharingLedger.Infrastructure.Http;
using SharingLedger.Membership;
using Wolverine.Http;

namespace SharingLedger.Collecting;

/// <summary>Give a member a subject (and optionally a format) to collect in a fiscal year, with the budget it commits.</summary>
public sealed record AssignCollecting(Guid? MemberId, string Subject, string? Format, MoneyInput? CommittedBudget);

public static class AssignCollectingEndpoint
{
    /// <summary>Assign a member to collect a subject (and format) for the fiscal year with a committed budget.</summary>
    [ProducesResponseType(typeof(CollectingAssignmentCreated), 201)]
    [Allow(Roles.Admin)]
    [WolverinePost("/consortia/{consortiumId}/collecting/{fiscalYear}/assignments")]
    public static async Task<IResult> Post(Guid consortiumId, int fiscalYear, AssignCollecting? command, IDocumentSession session,
        IClock clock, CancellationToken ct)
    {
        if (command is null) return Problems.BadRequest("The request body is empty.");
        var consortium = await session.LoadAsync<Consortium>(consortiumId, ct);
        if (consortium is null) return Problems.NotFound("consortium", consortiumId);
        if (fiscalYear is < 1900 or > 9998) return Problems.RuleViolated("fiscalYear", "Must be a year such as 2026.");

        var calendar = consortium.Calendar();
        var period = calendar.Year(fiscalYear);
        var today = calendar.Today(clock);

        var v = new Validation().NotBlank(command.Subject, "subject");
        if (command.Format is not null) v.NotBlank(command.Format, "format", 100);
        var budget = v.Money(command.CommittedBudget, "committedBudget", positive: true, currency: consortium.BaseCurrency);
        var member = await CheckMemberAsync(v, session, consortiumId, command.MemberId, period, today, ct);
        if (!v.IsValid) return v.Problem();

        var planId = StreamIds.CollectingPlan(consortiumId, fiscalYear);
        var stream = await session.Events.FetchForWriting<CollectingPlan>(planId, ct);
        var subject = CollectingSubjects.Normalize(command.Subject);
        var duplicate = stream.Aggregate?.ActiveAssignments()
            .FirstOrDefault(a => a.MemberId == member!.Id && CollectingSubjects.Same(a.Subject, subject));
        if (duplicate is not null)
            return Problems.Conflict($"Member {member!.Code} is already assigned '{duplicate.Subject}' in fiscal year {fiscalYear} " +
                $"(assignment {duplicate.AssignmentId}); withdraw that assignment first to assign it again.");

        var assignmentId = Guid.CreateVersion7();
        var format = command.Format is null ? null : CollectingSubjects.Normalize(command.Format);
        // Starts the plan's stream for the year's first assignment; a concurrent write to the plan loses with a 409.
        stream.AppendOne(new CollectingAssigned(planId, consortiumId, fiscalYear, period.Start, period.End, assignmentId,
            member!.Id, member.Code, subject, format, budget!.Value, clock.GetCurrentInstant()));
        return Results.Created($"/consortia/{consortiumId}/collecting/{fiscalYear}",
            new { id = assignmentId, planId });
    }

    /// <summary>
    /// The member must belong to this consortium, be a member during the fiscal year (admitted by its last day,
    /// not withdrawn by its first), and not have withdrawn as of today: a library that has left gets no new work.
    /// </summary>
    private static async Task<Member?> CheckMemberAsync(Validation v, IQuerySession session, Guid consortiumId, Guid? memberId,
        DateInterval period, LocalDate today, CancellationToken ct)
    {
        if (memberId is null) { v.Add("memberId", "Required."); return null; }
        var member = await session.LoadAsync<Member>(memberId.Value, ct);
        if (member is null || member.ConsortiumId != consortiumId)
        {
            v.Add("memberId", $"{memberId} is not a member of this consortium.");
            return null;
        }
        if (member.AdmittedOn > period.End)
            v.Add("memberId", $"Member {member.Code} is admitted on {member.AdmittedOn:uuuu-MM-dd}, after the fiscal year ends on {period.End:uuuu-MM-dd}.");
        else if (member.WithdrawnOn is { } gone && (gone <= period.Start || gone <= today))
            v.Add("memberId", $"Member {member.Code} withdrew with effect from {gone:uuuu-MM-dd}; it cannot be given collecting work.");
        return member;
    }
}

/// <summary>The new assignment and the year's collecting plan it belongs to.</summary>
public sealed record CollectingAssignmentCreated(Guid Id, Guid PlanId);
