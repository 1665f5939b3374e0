using Marten;
using NodaTime;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure.Http;
using Wolverine.Http;
using Wolverine.Http.Marten;
using Wolverine.Marten;

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
    public static IResult Validate(AdmitMember? command, Guid consortiumId, Consortium? consortium) => MemberContext.Validate(command, consortiumId, consortium);

    public static async Task<AdmissionFacts> LoadAsync(AdmitMember? command, Guid consortiumId, IDocumentSession session, CancellationToken ct)
    {
        if (command is null) return new AdmissionFacts(null, false);
        var code = command.Code?.Trim();
        var taken = code is not null && await session.Query<Member>().AnyAsync(m => m.ConsortiumId == consortiumId && m.Code == code, ct);
        return new AdmissionFacts(await HubRules.LoadAsync(session, command.HubId, ct), taken);
    }

    /// <summary>Admit a member library: code, name, kind, FTE, population, materials budget, hub and the date it joins.</summary>
    [ProducesResponseType(typeof(Infrastructure.Api.ResourceId), 201)]
    [Allow(Roles.Admin)]
    [WolverinePost("/consortia/{consortiumId}/members")]
    public static (IResult, IMartenOp) Post(Guid consortiumId, AdmitMember? command, AdmissionFacts facts, IClock clock,
        [Document("consortiumId", Required = false)] Consortium? consortium)
    {
        var id = Guid.CreateVersion7();
        return MembershipDecisions.Admit(command!, consortium!, facts, id, clock.GetCurrentInstant())
            .Start<Member>(id, _ => Results.Created($"/consortia/{consortiumId}/members/{id}", new { id }));
    }
}
