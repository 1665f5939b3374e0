using Marten;
using NodaTime;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure;
using SharingLedger.Infrastructure.Http;
using Wolverine.Http;

namespace SharingLedger.Collecting;

public static class GetCollectingPlanEndpoint
{
    /// <summary>The fiscal year's plan as of today; a year without assignments is an empty plan, not a 404.</summary>
    [ProducesResponseType(typeof(CollectingPlanView), 200)]
    [Allow(Roles.Finance, Roles.Auditor, Roles.Admin)]
    [WolverineGet("/consortia/{consortiumId}/collecting/{fiscalYear}")]
    public static async Task<IResult> Get(Guid consortiumId, int fiscalYear, IQuerySession session, IClock clock, CancellationToken ct)
    {
        var consortium = await session.LoadAsync<Consortium>(consortiumId, ct);
        if (consortium is null) return Problems.NotFound("consortium", consortiumId);
        if (fiscalYear is < 1900 or > 9998) return Problems.RuleViolated("fiscalYear", "Must be a year such as 2026.");

        var calendar = consortium.Calendar();
        var plan = await session.LoadAsync<CollectingPlan>(StreamIds.CollectingPlan(consortiumId, fiscalYear), ct);
        return Results.Ok(CollectingPlanView.From(consortium, fiscalYear, calendar.Year(fiscalYear), plan, calendar.Today(clock)));
    }

    /// <summary>Members that hold or collect a subject, across fiscal years (see <see cref="SubjectHoldings"/>).</summary>
    [ProducesResponseType(typeof(SubjectHolders), 200)]
    [Allow(Roles.Finance, Roles.Auditor, Roles.Admin)]
    [WolverineGet("/consortia/{consortiumId}/collecting/holdings")]
    public static async Task<IResult> Holdings(Guid consortiumId, string? subject, IQuerySession session, CancellationToken ct)
    {
        if (await session.LoadAsync<Consortium>(consortiumId, ct) is null) return Problems.NotFound("consortium", consortiumId);
        if (string.IsNullOrWhiteSpace(subject)) return Problems.RuleViolated("subject", "Required: the subject to look for.");

        var members = await SubjectHoldings.FindAsync(session, consortiumId, subject, ct);
        return Results.Ok(new { consortiumId, subject = CollectingSubjects.Normalize(subject), members });
    }
}

/// <summary>The members holding a subject (normalised), for a proposal or an assignment.</summary>
public sealed record SubjectHolders(Guid ConsortiumId, string Subject, IReadOnlyList<SubjectHolding> Members);
