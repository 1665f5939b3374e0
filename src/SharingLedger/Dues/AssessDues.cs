using Marten;
using NodaTime;
using SharingLedger.Agreements;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure;
using SharingLedger.Infrastructure.Http;
using SharingLedger.Kernel.CostSharing;
using SharingLedger.Membership;
using Wolverine.Http;

namespace SharingLedger.Dues;

public sealed record AssessDues(int FiscalYear);

public static class AssessDuesEndpoint
{
    /// <summary>Assess a fiscal year's dues under the agreement version in force on its first day, each member's share explained.</summary>
    [ProducesResponseType(typeof(DuesView), 201)]
    [Allow(Roles.Finance)]
    [WolverinePost("/consortia/{consortiumId}/dues")]
    public static async Task<IResult> Post(Guid consortiumId, AssessDues? command, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        if (command is null) return Problems.BadRequest("The request body is empty.");
        var consortium = await session.LoadAsync<Consortium>(consortiumId, ct);
        if (consortium is null) return Problems.NotFound("consortium", consortiumId);
        if (command.FiscalYear is < 1900 or > 9998) return Problems.RuleViolated("fiscalYear", "Must be a year such as 2026.");

        var period = consortium.Calendar().Year(command.FiscalYear);
        var agreement = await session.LoadAsync<Agreement>(StreamIds.Agreement(consortiumId), ct);
        var inForce = agreement?.InForceOn(period.Start);
        if (inForce is null)
            return Problems.RuleViolated("fiscalYear", $"No agreement is in force on {period.Start:uuuu-MM-dd}, the first day of fiscal year {command.FiscalYear}.");

        var assessmentId = StreamIds.Dues(consortiumId, command.FiscalYear);
        if (await session.Events.FetchStreamStateAsync(assessmentId, ct) is not null)
            return Problems.Conflict($"Dues for fiscal year {command.FiscalYear} were already assessed.");

        var members = await session.Query<Member>().Where(m => m.ConsortiumId == consortiumId).ToListAsync(ct);
        DuesAssessed assessed;
        try
        {
            assessed = DuesCalculation.Assess(assessmentId, command.FiscalYear, period, inForce, members, clock.GetCurrentInstant());
        }
        catch (CostSharingException e)
        {
            return Problems.RuleViolated(e.Violations.Select(x => new FieldError(x.Field, x.Message)));
        }

        // Starting a stream whose id already exists fails, so a concurrent second assessment gets a 409.
        session.Events.StartStream<DuesAssessment>(assessmentId, assessed);
        return Results.Created($"/consortia/{consortiumId}/dues/{command.FiscalYear}", DuesView.From(assessed));
    }
}
