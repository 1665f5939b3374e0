using NodaTime;
using SharingLedger.Infrastructure.Http;
using Wolverine.Http;
using Wolverine.Marten;

namespace SharingLedger.Consortia;

public sealed record EstablishConsortium(
    string Name,
    string Region,
    OrganisationModel? OrganisationModel,
    GovernanceModel? GovernanceModel,
    string BaseCurrency,
    int FiscalYearStartMonth,
    string? TimeZone);

public static class EstablishConsortiumEndpoint
{
    public static IResult Validate(EstablishConsortium? command) =>
        command is null ? Problems.BadRequest("The request body is empty.") : WolverineContinue.Result();

    /// <summary>Establish a consortium: name, region, organisation and governance model, base currency, fiscal year start month and time zone.</summary>
    [ProducesResponseType(typeof(Infrastructure.Api.ResourceId), 201)]
    [WolverinePost("/consortia")]
    public static (IResult, IMartenOp) Post(EstablishConsortium? command, IClock clock)
    {
        var id = Guid.CreateVersion7();
        return ConsortiumDecisions.Establish(command!, id, clock.GetCurrentInstant())
            .Start<Consortium>(id, _ => Results.Created($"/consortia/{id}", new { id }));
    }
}
