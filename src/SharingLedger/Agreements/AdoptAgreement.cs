using JasperFx.Events;
using Marten;
using NodaTime;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure;
using SharingLedger.Infrastructure.Http;
using SharingLedger.Kernel.CostSharing;
using SharingLedger.Membership;
using Wolverine.Http;
using Wolverine.Http.Marten;

namespace SharingLedger.Agreements;

public sealed record DuesTermInput(MoneyInput? AnnualAmount, CostSharingRule? Rule);

/// <summary>
/// Adopt version <c>version</c> of the agreement; it must be the next version number. A <c>retroactive</c> amendment takes
/// effect on a past date (today at the latest), which may be the previous version's own first day (it then replaces that
/// version entirely); its restatement (<c>POST …/agreement/versions/{version}/restatement</c>) re-prices the costs it touches.
/// </summary>
public sealed record AdoptAgreement(int Version, LocalDate? EffectiveFrom, IReadOnlyList<Guid>? Signatories, DuesTermInput? Dues,
    IReadOnlyDictionary<string, SharingTerm>? CostSharing = null, LendingFees? Lending = null, bool? Retroactive = null,
    IReadOnlyDictionary<string, InKindRate>? InKind = null);

/// <summary>
/// The agreement's stream is fetched for writing by <c>LoadAsync</c> rather than <c>[WriteAggregate]</c>: the body's
/// <c>version</c> is the agreement's version number, and Wolverine would take a body member named Version as the stream
/// version expected (version 1 is adopted on an empty stream, at stream version 0).
/// </summary>
public static class AdoptAgreementEndpoint
{
    public static IResult Validate(AdoptAgreement? command, Guid consortiumId, Consortium? consortium)
    {
        if (command is null) return Problems.BadRequest("The request body is empty.");
        if (consortium is null) return Problems.NotFound("consortium", consortiumId);
        return WolverineContinue.Result();
    }

    /// <summary>The agreement's stream, fetched for writing, and the members the command names with the consortium's today.</summary>
    public static async Task<AgreementWrite> LoadAsync(AdoptAgreement? command, Guid consortiumId, Consortium? consortium, IDocumentSession session,
        IClock clock, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<Agreement>(StreamIds.Agreement(consortiumId), ct);
        var named = command is null ? [] : AgreementDecisions.MembersNamed(command).ToList();
        var members = named.Count == 0 ? [] : await session.LoadManyAsync<Member>(ct, named);
        return new AgreementWrite(stream, new AdoptionFacts(members.ToDictionary(m => m.Id), consortium is null ? default : consortium.Calendar().Today(clock)));
    }

    /// <summary>Adopt the next agreement version: effective from, signatories, annual dues and their rule, sharing terms, lending terms and in-kind rates. With <c>retroactive: true</c>, an amendment effective on a past date (then restate it).</summary>
    [ProducesResponseType(typeof(AgreementVersionAdoption), 201)]
    [Allow(Roles.Admin)]
    [WolverinePost("/consortia/{consortiumId}/agreement/versions")]
    public static IResult Post(Guid consortiumId, AdoptAgreement? command, AgreementWrite write, IClock clock,
        [Document("consortiumId", Required = false)] Consortium? consortium) =>
        // Version 1 starts the stream; a concurrent adoption of the same version loses with a 409.
        AgreementDecisions.Adopt(write.Stream.Aggregate, command!, consortium!, write.Facts, clock.GetCurrentInstant())
            .AppendTo(write.Stream, e => Results.Created($"/consortia/{consortiumId}/agreement", new { id = ((AgreementAdopted)e).AgreementId, version = command!.Version }));
}

/// <summary>The agreement's stream, fetched for writing, and the facts the decision reads.</summary>
public sealed record AgreementWrite(IEventStream<Agreement> Stream, AdoptionFacts Facts);

/// <summary>The agreement (its id) and the version just adopted.</summary>
public sealed record AgreementVersionAdoption(Guid Id, int Version);
