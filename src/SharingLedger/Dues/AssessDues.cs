using Marten;
using NodaTime;
using SharingLedger.Agreements;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure;
using SharingLedger.Infrastructure.Http;
using SharingLedger.Membership;
using Wolverine.Http;
using Wolverine.Http.Marten;
using Wolverine.Marten;

namespace SharingLedger.Dues;

public sealed record AssessDues(int FiscalYear);

public static class AssessDuesEndpoint
{
    public static IResult Validate(AssessDues? command, Guid consortiumId, Consortium? consortium)
    {
        if (command is null) return Problems.BadRequest("The request body is empty.");
        if (consortium is null) return Problems.NotFound("consortium", consortiumId);
        return WolverineContinue.Result();
    }

    public static async Task<DuesFacts> LoadAsync(AssessDues command, Guid consortiumId, IQuerySession session, CancellationToken ct) =>
        new(await session.LoadAsync<Agreement>(StreamIds.Agreement(consortiumId), ct),
            await session.Query<Member>().Where(m => m.ConsortiumId == consortiumId && !m.External).ToListAsync(ct), // external libraries pay no dues
            await session.Events.FetchStreamStateAsync(StreamIds.Dues(consortiumId, command.FiscalYear), ct) is not null);

    /// <summary>Assess a fiscal year's dues under the agreement version in force on its first day, each member's share explained.</summary>
    [ProducesResponseType(typeof(DuesView), 201)]
    [Allow(Roles.Finance)]
    [WolverinePost("/consortia/{consortiumId}/dues")]
    public static (IResult, IMartenOp) Post(AssessDues? command, DuesFacts facts, IClock clock,
        [Document("consortiumId", Required = false)] Consortium? consortium) =>
        // Starting a stream whose id already exists fails, so a concurrent second assessment gets a 409.
        DuesDecisions.Assess(command!, consortium!, facts, clock.GetCurrentInstant())
            .Start<DuesAssessment>(StreamIds.Dues(consortium!.Id, command!.FiscalYear),
                e => Results.Created($"/consortia/{consortium.Id}/dues/{command.FiscalYear}", DuesView.From((DuesAssessed)e)));
}
