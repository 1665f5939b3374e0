using Marten;
using NodaTime;
using SharingLedger.Infrastructure;
using SharingLedger.Infrastructure.Http;
using SharingLedger.Infrastructure.Marten;
using SharingLedger.Kernel.Money;
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
    [Allow(Roles.Admin, OperatorOnly = true)]
    [WolverinePost("/consortia")]
    public static IResult Post(EstablishConsortium? command, IDocumentSession session, IClock clock)
    {
        var id = Guid.CreateVersion7();
        // The new consortium is its own tenant: its first stream starts there (the request's session, at /consortia, has none).
        var decision = ConsortiumDecisions.Establish(command!, id, clock.GetCurrentInstant());
        if (decision is Decision.Accepted accepted)
            session.ForTenant(ConsortiumTenancy.TenantOf(id)).Events.StartStream<Consortium>(id, [.. accepted.Events]);
        return decision.Respond(_ => Results.Created($"/consortia/{id}", new { id })).Item1;
    }
}
