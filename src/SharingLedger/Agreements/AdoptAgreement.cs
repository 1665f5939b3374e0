using Marten;
using NodaTime;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure;
using SharingLedger.Infrastructure.Http;
using SharingLedger.Kernel.CostSharing;
using SharingLedger.Membership;
using Wolverine.Http;
using Wolverine.Http.Marten;
using Wolverine.Marten;

namespace SharingLedger.Agreements;

public sealed record DuesTermInput(MoneyInput? AnnualAmount, CostSharingRule? Rule);

/// <summary>
/// Adopt version <c>version</c> of the agreement; it must be the next version number. A <c>retroactive</c> amendment takes
/// effect on a past date (today at the latest), which may be the previous version's own first day (it then replaces that
/// version entirely); its restatement (<c>POST …/agreement/versions/{version}/restatement</c>) re-prices the costs it touches.
/// </summary>
public sealed record AdoptAgreement(int Version, LocalDate? EffectiveFrom, IReadOnlyList<Guid>? Signatories, DuesTermInput? Dues,
    IReadOnlyDictionary<string, SharingTerm>? CostSharing = null, Loans.LendingFees? Lending = null, bool? Retroactive = null,
    IReadOnlyDictionary<string, InKindRate>? InKind = null);

public static class AdoptAgreementEndpoint
{
    public static Guid AgreementId(Guid consortiumId) => StreamIds.Agreement(consortiumId);

    public static IResult Validate(AdoptAgreement? command, Guid consortiumId, Consortium? consortium)
    {
        if (command is null) return Problems.BadRequest("The request body is empty.");
        if (consortium is null) return Problems.NotFound("consortium", consortiumId);
        return WolverineContinue.Result();
    }

    public static async Task<AdoptionFacts> LoadAsync(AdoptAgreement? command, Consortium? consortium, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        var named = command is null ? [] : AgreementDecisions.MembersNamed(command).ToList();
        var members = named.Count == 0 ? [] : await session.LoadManyAsync<Member>(ct, named);
        return new AdoptionFacts(members.ToDictionary(m => m.Id), consortium is null ? default : consortium.Calendar().Today(clock));
    }

    /// <summary>Adopt the next agreement version: effective from, signatories, annual dues and their rule, sharing terms, lending terms and in-kind rates. With <c>retroactive: true</c>, an amendment effective on a past date (then restate it).</summary>
    [ProducesResponseType(typeof(AgreementVersionAdoption), 201)]
    [WolverinePost("/consortia/{consortiumId}/agreement/versions")]
    public static (IResult, Events) Post(Guid consortiumId, AdoptAgreement? command, AdoptionFacts facts, IClock clock,
        [Document("consortiumId", Required = false)] Consortium? consortium,
        [WriteAggregate(FromMethod = nameof(AgreementId), Required = false)] Agreement? agreement) =>
        // Version 1 starts the stream; a concurrent adoption of the same version loses with a 409.
        AgreementDecisions.Adopt(agreement, command!, consortium!, facts, clock.GetCurrentInstant())
            .Respond(e => Results.Created($"/consortia/{consortiumId}/agreement", new { id = ((AgreementAdopted)e).AgreementId, version = command!.Version }));
}

/// <summary>The agreement (its id) and the version just adopted.</summary>
public sealed record AgreementVersionAdoption(Guid Id, int Version);
