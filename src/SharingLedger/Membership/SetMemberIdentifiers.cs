using Marten;
using NodaTime;
using SharingLedger.Infrastructure.Http;
using Wolverine.Http;

namespace SharingLedger.Membership;

public sealed record SetMemberIdentifiers(IReadOnlyList<string>? CounterInstitutionIds, IReadOnlyList<string>? IllAgencyIds);

public static class SetMemberIdentifiersEndpoint
{
    /// <summary>
    /// Replace the member's external identifiers, list by list: a list that is given replaces the member's (<c>[]</c>
    /// clears it), a list left out (or null) stays as it is, and a body with neither is a 422 (nothing to change).
    /// Each identifier may belong to one member of the consortium (409 otherwise).
    /// </summary>
    [ProducesResponseType(typeof(MemberIdentifiers), 200)]
    [Allow(Roles.Admin)]
    [WolverinePost("/consortia/{consortiumId}/members/{memberId}/identifiers")]
    public static async Task<IResult> Post(Guid consortiumId, Guid memberId, SetMemberIdentifiers? command, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        if (command is null) return Problems.BadRequest("The request body is empty.");
        if (command.CounterInstitutionIds is null && command.IllAgencyIds is null)
            return Problems.RuleViolated(
            [
                new FieldError("counterInstitutionIds", "Give counterInstitutionIds, illAgencyIds or both; a list left out stays as it is, [] clears it."),
                new FieldError("illAgencyIds", "Give counterInstitutionIds, illAgencyIds or both; a list left out stays as it is, [] clears it."),
            ]);
        var stream = await session.Events.FetchForWriting<Member>(memberId, ct);
        if (stream.Aggregate is not { } member || member.ConsortiumId != consortiumId) return Problems.NotFound("member", memberId);

        var counter = command.CounterInstitutionIds is null ? member.CounterInstitutionIds.ToList() : Clean(command.CounterInstitutionIds);
        var ill = command.IllAgencyIds is null ? member.IllAgencyIds.ToList() : Clean(command.IllAgencyIds);
        var v = new Validation();
        foreach (var (list, field) in new[] { (counter, "counterInstitutionIds"), (ill, "illAgencyIds") })
        {
            v.Require(list.All(x => x.Length <= 200), field, "Each identifier is at most 200 characters.");
            v.Require(list.Count <= 20, field, "At most 20 identifiers.");
        }
        if (!v.IsValid) return v.Problem();

        var others = await session.Query<Member>().Where(m => m.ConsortiumId == consortiumId && m.Id != memberId).ToListAsync(ct);
        var clash = others.FirstOrDefault(o => o.CounterInstitutionIds.Intersect(counter, StringComparer.OrdinalIgnoreCase).Any()
                                               || o.IllAgencyIds.Intersect(ill, StringComparer.OrdinalIgnoreCase).Any());
        if (clash is not null) return Problems.Conflict($"An identifier given already belongs to member {clash.Code}.");

        stream.AppendOne(new MemberIdentifiersSet(memberId, consortiumId, counter, ill, clock.GetCurrentInstant()));
        return Results.Ok(new { id = memberId, counterInstitutionIds = counter, illAgencyIds = ill });
    }

    private static List<string> Clean(IReadOnlyList<string>? ids) =>
        (ids ?? []).Where(x => !string.IsNullOrWhiteSpace(x)).Select(x => x.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
}

/// <summary>The member's COUNTER institution ids and ISO 18626 agency ids, as now set.</summary>
public sealed record MemberIdentifiers(Guid Id, IReadOnlyList<string> CounterInstitutionIds, IReadOnlyList<string> IllAgencyIds);
