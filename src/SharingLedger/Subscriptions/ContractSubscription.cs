using Marten;
using NodaTime;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure;
using SharingLedger.Infrastructure.Http;
using Wolverine.Http;
using Wolverine.Http.Marten;
using Wolverine.Marten;

namespace SharingLedger.Subscriptions;

public sealed record ParticipantInput(Guid MemberId, LocalDate? From);

/// <summary>
/// Contract a shared subscription. <c>sharingTerm</c> names a cost-sharing term of the agreement in
/// force on <c>termStart</c>. Optional history from before the ledger: each member's previous-term share
/// (for increase caps, and the phase-in's starting point in its year 1), the phase-in year, and from year 2 on the
/// shares of the term before the phase-in began (<c>sharesBeforePhaseIn</c>); standalone prices for caps and savings.
/// </summary>
public sealed record ContractSubscription(
    string Vendor,
    string Resource,
    LocalDate? TermStart,
    LocalDate? TermEnd,
    MoneyInput? Price,
    IReadOnlyList<ParticipantInput>? Participants,
    string SharingTerm,
    IReadOnlyDictionary<Guid, MoneyInput>? StandalonePrices = null,
    IReadOnlyDictionary<Guid, MoneyInput>? PreviousShares = null,
    int? PhaseInYear = null,
    IReadOnlyDictionary<Guid, MoneyInput>? SharesBeforePhaseIn = null);

public static class ContractSubscriptionEndpoint
{
    public static IResult Validate(ContractSubscription? command, Guid consortiumId, Consortium? consortium) =>
        SubscriptionAccess.Validate(command, consortiumId, consortium);
    public static Task<SubscriptionFacts> LoadAsync(Guid consortiumId, IQuerySession session, CancellationToken ct) =>
        SubscriptionAccess.FactsAsync(session, consortiumId, withAgreement: true, ct);

    /// <summary>Contract a shared subscription: vendor, resource, term, price, participants and the agreement's named sharing term.</summary>
    [ProducesResponseType(typeof(Infrastructure.Api.ResourceId), 201)]
    [Allow(Roles.Finance)]
    [WolverinePost("/consortia/{consortiumId}/subscriptions")]
    public static (IResult, IMartenOp) Post(ContractSubscription? command, SubscriptionFacts facts, IClock clock,
        [Document("consortiumId", Required = false)] Consortium? consortium)
    {
        var id = Guid.CreateVersion7();
        return SubscriptionDecisions.Contract(command!, consortium!, facts, id, clock.GetCurrentInstant())
            .Start<Subscription>(id, _ => Results.Created($"/consortia/{consortium!.Id}/subscriptions/{id}", new Infrastructure.Api.ResourceId(id)));
    }
}
