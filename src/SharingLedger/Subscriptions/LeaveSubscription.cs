using Marten;
using NodaTime;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure;
using SharingLedger.Infrastructure.Http;
using Wolverine.Http;
using Wolverine.Http.Marten;
using Wolverine.Marten;

namespace SharingLedger.Subscriptions;

public sealed record LeaveSubscription(LocalDate? EffectiveFrom);

public static class LeaveSubscriptionEndpoint
{
    public static IResult Validate(LeaveSubscription? command, Guid consortiumId, Consortium? consortium, Guid subscriptionId, Subscription? subscription) =>
        SubscriptionAccess.Validate(command, consortiumId, consortium, subscriptionId, subscription);
    public static Task<SubscriptionFacts> LoadAsync(Guid consortiumId, IQuerySession session, CancellationToken ct) =>
        SubscriptionAccess.FactsAsync(session, consortiumId, withAgreement: false, ct);

    /// <summary>A member leaves the current term; from <c>effectiveFrom</c> on it no longer takes part or pays.</summary>
    [ProducesResponseType(typeof(SubscriptionTermChanged), 200)]
    [Allow(Roles.Finance)]
    [WolverinePost("/consortia/{consortiumId}/subscriptions/{subscriptionId}/participants/{memberId}/leave")]
    public static (IResult, Events) Post(Guid memberId, LeaveSubscription? command, SubscriptionFacts facts, IClock clock,
        [Document("consortiumId", Required = false)] Consortium? consortium,
        [WriteAggregate("subscriptionId", Required = false)] Subscription? subscription) =>
        SubscriptionChangeDecisions.Leave(subscription!, memberId, command!, facts, clock.GetCurrentInstant())
            .Respond(e => Results.Ok(new SubscriptionTermChanged(subscription!.Id, ((SubscriptionParticipantLeft)e).Term)));
}
