using Marten;
using NodaTime;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure.Http;
using Wolverine.Http;

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
    /// <summary>Change a member's details from a date; <c>expectedVersion</c> guards against a stale write.</summary>
    [ProducesResponseType(typeof(MemberVersion), 200)]
    [Allow(Roles.Admin)]
    [WolverinePost("/consortia/{consortiumId}/members/{memberId}/details")]
    public static async Task<IResult> Post(Guid consortiumId, Guid memberId, ChangeMemberDetails? command, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        if (command is null) return Problems.BadRequest("The request body is empty.");
        var consortium = await session.LoadAsync<Consortium>(consortiumId, ct);
        var stream = await session.Events.FetchForWriting<Member>(memberId, ct);
        var member = stream.Aggregate;
        if (consortium is null || member is null || member.ConsortiumId != consortiumId) return Problems.NotFound("member", memberId);
        if (command.ExpectedVersion is { } expected && expected != stream.CurrentVersion)
            return Problems.Conflict($"The member is at version {stream.CurrentVersion}, not {expected}; reload and try again.");

        var v = new Validation()
            .Date(command.EffectiveFrom, "effectiveFrom")
            .NonNegative(command.Fte, "fte")
            .Require(command.Population is null or >= 0, "population", "Cannot be negative.")
            .Require(command.Name is null || !string.IsNullOrWhiteSpace(command.Name), "name", "Cannot be blank.")
            .Require(!(command.ClearHub == true && command.HubId is not null), "hubId", "Give a hub or clear it, not both.");
        var budget = command.MaterialsBudget is null ? null : v.Money(command.MaterialsBudget, "materialsBudget", currency: consortium.BaseCurrency);
        await HubRules.CheckAsync(v, session, consortium, command.HubId, "hubId", ct, self: memberId);
        if (command.EffectiveFrom is { } from)
        {
            v.Require(from >= member.AdmittedOn, "effectiveFrom", $"The member was admitted on {member.AdmittedOn:uuuu-MM-dd}; a change cannot take effect before that.");
            v.Require(member.WithdrawnOn is null || from < member.WithdrawnOn, "effectiveFrom", "The member had withdrawn by then.");
        }
        if (command is { Name: null, Kind: null, Fte: null, Population: null, MaterialsBudget: null, HubId: null } && command.ClearHub != true)
            v.Add("body", "Nothing to change: give at least one of name, kind, fte, population, materialsBudget, hubId, clearHub.");
        if (!v.IsValid) return v.Problem();

        stream.AppendOne(new MemberDetailsChanged(memberId, consortiumId, command.EffectiveFrom!.Value, command.Name?.Trim(), command.Kind,
            command.Fte, command.Population, budget, command.HubId, command.ClearHub == true, clock.GetCurrentInstant()));
        return Results.Ok(new { id = memberId, version = stream.CurrentVersion + 1 });
    }
}

/// <summary>The member and its version after the change (for <c>expectedVersion</c> next time).</summary>
public sealed record MemberVersion(Guid Id, long Version);
