using JasperFx.Events;
using Marten;
using NodaTime;
using SharingLedger.Agreements;
using SharingLedger.Consortia;
using SharingLedger.Dues;
using SharingLedger.Infrastructure;
using SharingLedger.Infrastructure.Http;
using SharingLedger.Membership;
using Wolverine.Http;
using Wolverine.Http.Marten;

namespace SharingLedger.InKind;

/// <summary>Record <paramref name="Quantity"/> units of <paramref name="Kind"/> given by the member on <paramref name="ProvidedOn"/>.</summary>
public sealed record RecordInKindContribution(string? Kind, decimal? Quantity, LocalDate? ProvidedOn, string? Description);

/// <summary>
/// The contributions stream is one per member and fiscal year, and the year follows from the body's date in the
/// consortium's calendar, so <c>LoadAsync</c> (not a route value) names it and fetches it for writing; the decision's
/// event is appended under the version fetched, and Wolverine saves (two recordings racing past the year's dues: 409).
/// </summary>
public static class RecordInKindContributionEndpoint
{
    public static IResult Validate(RecordInKindContribution? command, Guid consortiumId, Consortium? consortium, Guid memberId, Member? member)
    {
        if (command is null) return Problems.BadRequest("The request body is empty.");
        if (consortium is null) return Problems.NotFound("consortium", consortiumId);
        if (member is null || member.ConsortiumId != consortiumId) return Problems.NotFound("member", memberId);
        return WolverineContinue.Result();
    }

    /// <summary>
    /// The year's stream, fetched for writing, and the facts (agreement, the year's dues, what was credited so far). Empty while the
    /// body, its date or the consortium is missing: Validate or the decision refuses the request then.
    /// </summary>
    public static async Task<InKindWrite> LoadAsync(RecordInKindContribution? command, Guid consortiumId, Guid memberId, Consortium? consortium,
        IDocumentSession session, CancellationToken ct)
    {
        if (command?.ProvidedOn is not { } on || consortium is null) return new InKindWrite(null, new InKindFacts(null, null, null));
        var year = consortium.Calendar().YearOf(on);
        var stream = await session.Events.FetchForWriting<InKindContributions>(InKindContributions.StreamFor(consortiumId, memberId, year), ct);
        return new InKindWrite(stream, new InKindFacts(await session.LoadAsync<Agreement>(StreamIds.Agreement(consortiumId), ct),
            await session.LoadAsync<DuesAssessment>(StreamIds.Dues(consortiumId, year), ct), stream.Aggregate));
    }

    /// <summary>Record a service or goods a member contributed in kind, valued at the agreement's rate and credited against its dues.</summary>
    [ProducesResponseType(typeof(InKindContributionRecorded), 201)]
    [Allow(Roles.Finance)]
    [WolverinePost("/consortia/{consortiumId}/members/{memberId}/in-kind-contributions")]
    public static IResult Post(Guid consortiumId, Guid memberId, RecordInKindContribution? command, InKindWrite write, IClock clock,
        [Document("consortiumId", Required = false)] Consortium? consortium, [Document("memberId", Required = false)] Member? member) =>
        // Accepted only with a date, so with the stream LoadAsync fetched for it.
        InKindDecisions.Record(command!, consortium!, member!, write.Facts, consortium!.Calendar().Today(clock), Guid.NewGuid(), clock.GetCurrentInstant())
            .AppendTo(write.Stream!, e => Results.Created(
                $"/consortia/{consortiumId}/members/{memberId}/obligations?fiscalYear={((InKindContributionRecorded)e).FiscalYear}", e));
}

/// <summary>The contributions stream of the year, fetched for writing, and the facts the decision reads.</summary>
public sealed record InKindWrite(IEventStream<InKindContributions>? Stream, InKindFacts Facts);
