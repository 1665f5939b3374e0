using Marten;
using NodaTime;
using SharingLedger.Infrastructure.Http;
using SharingLedger.Kernel.Money;
using Wolverine.Http;

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
    public static Validation Check(EstablishConsortium c)
    {
        var v = new Validation()
            .NotBlank(c.Name, "name")
            .NotBlank(c.Region, "region")
            .Require(c.OrganisationModel is not null, "organisationModel", "Required: centralLibrary, multiLevel, parallel or virtualCentre.")
            .Require(c.GovernanceModel is not null, "governanceModel", "Required: council, agreement or coConstruction.")
            .Require(CurrencyCode.IsKnown(c.BaseCurrency), "baseCurrency", $"'{c.BaseCurrency}' is not a supported ISO 4217 code.")
            .Require(c.FiscalYearStartMonth is >= 1 and <= 12, "fiscalYearStartMonth", "Must be a month number from 1 to 12.");
        if (c.TimeZone is not null && DateTimeZoneProviders.Tzdb.GetZoneOrNull(c.TimeZone) is null)
            v.Add("timeZone", $"'{c.TimeZone}' is not an IANA time zone id.");
        return v;
    }

    /// <summary>Establish a consortium: name, region, organisation and governance model, base currency, fiscal year start month and time zone.</summary>
    [ProducesResponseType(typeof(Infrastructure.Api.ResourceId), 201)]
    [Allow(Roles.Admin, OperatorOnly = true)]
    [WolverinePost("/consortia")]
    public static async Task<IResult> Post(EstablishConsortium? command, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        if (command is null) return Problems.BadRequest("The request body is empty.");
        var check = Check(command);
        if (!check.IsValid) return check.Problem();

        var id = Guid.CreateVersion7();
        session.Events.StartStream<Consortium>(id, new ConsortiumEstablished(id, command.Name.Trim(), command.Region.Trim(),
            command.OrganisationModel!.Value, command.GovernanceModel!.Value, command.BaseCurrency,
            command.FiscalYearStartMonth, command.TimeZone ?? "UTC", clock.GetCurrentInstant()));
        return Results.Created($"/consortia/{id}", new { id });
    }
}
