using Marten;
using NodaTime;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure.Http;
using Wolverine.Http;
using Wolverine.Http.Marten;
using Wolverine.Marten;

namespace SharingLedger.Membership;

/// <summary>Fields left out do not change. <c>expectedVersion</c>, when given, guards against a stale write (409).</summary>
public sealed record ChangeMemberDetails(
    LocalDate? EffectiveFrom,
    string? Name,
    MemberKind? Kind,
    decimal? Fte,
    long? Population,
    MoneyInput? MaterialsBudget,
    Guid? HubId,
    bool? ClearHub,
    int? ExpectedVersion);

public static class ChangeMemberDetailsEndpoint
{
    public static IResult Validate(ChangeMemberDetails? command, Guid consortiumId, Guid memberId, Member? member) =>
        MemberContext.Validate(command, consortiumId, memberId, member);

    public static async Task<HubFact> LoadAsync(ChangeMemberDetails? command, IDocumentSession session, CancellationToken ct) =>
        new(await HubRules.LoadAsync(session, command?.HubId, ct));

    /// <summary>Change a member's details from a date; <c>expectedVersion</c> guards against a stale write.</summary>
    [ProducesResponseType(typeof(MemberVersion), 200)]
    [Allow(Roles.Admin)]
    [WolverinePost("/consortia/{consortiumId}/members/{memberId}/details")]
    public static (IResult, Events) Post(Guid memberId, ChangeMemberDetails? command, HubFact facts, IClock clock,
        [Document("consortiumId", Required = false)] Consortium? consortium, [WriteAggregate("memberId", Required = false)] Member? member) =>
        MembershipDecisions.ChangeDetails(member!, command!, consortium!, facts.Hub, clock.GetCurrentInstant())
            .Respond(_ => Results.Ok(new { id = memberId, version = member!.Version + 1 }));
}

/// <summary>The member and its version after the change (for <c>expectedVersion</c> next time).</summary>
public sealed record MemberVersion(Guid Id, long Version);
