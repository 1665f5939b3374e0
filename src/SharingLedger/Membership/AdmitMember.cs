using Marten;
using NodaTime;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure.Http;
using Wolverine.Http;

namespace SharingLedger.Membership;

public sealed record AdmitMember(
    string Code,
    string Name,
    MemberKind? Kind,
    decimal? Fte,
    long? Population,
    MoneyInput? MaterialsBudget,
    Guid? HubId,
    LocalDate? EffectiveFrom);

public static class AdmitMemberEndpoint
{
    /// <summary>Admit a member library: code, name, kind, FTE, population, materials budget, hub and the date it joins.</summary>
    [ProducesResponseType(typeof(Infrastructure.Api.ResourceId), 201)]
    [Allow(Roles.Admin)]
    [WolverinePost("/consortia/{consortiumId}/members")]
    public static async Task<IResult> Post(Guid consortiumId, AdmitMember? command, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        if (command is null) return Problems.BadRequest("The request body is empty.");
        var consortium = await session.LoadAsync<Consortium>(consortiumId, ct);
        if (consortium is null) return Problems.NotFound("consortium", consortiumId);

        var v = new Validation()
            .NotBlank(command.Code, "code", 32)
            .NotBlank(command.Name, "name")
            .Require(command.Kind is not null, "kind", "Required: academic, public, school, special or enterprise.")
            .Require(command.Fte is not null, "fte", "Required (0 when the library has no students or staff to count).")
            .NonNegative(command.Fte, "fte")
            .Require(command.Population is null or >= 0, "population", "Cannot be negative.")
            .Date(command.EffectiveFrom, "effectiveFrom");
        var budget = v.Money(command.MaterialsBudget, "materialsBudget", currency: consortium.BaseCurrency);
        await HubRules.CheckAsync(v, session, consortium, command.HubId, "hubId", ct);
        if (!v.IsValid) return v.Problem();

        var code = command.Code.Trim();
        if (await session.Query<Member>().AnyAsync(m => m.ConsortiumId == consortiumId && m.Code == code, ct))
            return Problems.Conflict($"The consortium already has a member with code '{code}'.");

        var id = Guid.CreateVersion7();
        session.Events.StartStream<Member>(id, new MemberAdmitted(id, consortiumId, code, command.Name.Trim(), command.Kind!.Value,
            command.Fte!.Value, command.Population ?? 0, budget!.Value, command.HubId, command.EffectiveFrom!.Value, clock.GetCurrentInstant()));
        return Results.Created($"/consortia/{consortiumId}/members/{id}", new { id });
    }
}
