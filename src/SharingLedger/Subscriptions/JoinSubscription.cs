using Marten;
using NodaTime;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure;
using SharingLedger.Infrastructure.Http;
using Wolverine.Http;
using Wolverine.Http.Marten;
using Wolverine.Marten;

namespace SharingLedger.Subscriptions;

public sealed record JoinSubscription(Guid MemberId, LocalDate? EffectiveFrom);

public static class JoinSubscriptionEndpoint
{
    public static IResult Validate(JoinSubscription? command, Guid consortiumId, Consortium? consortium, Guid subscriptionId, Subscription? subscription) =>
        SubscriptionAccess.Validate(command, consortiumId, consortium, subscriptionId, subscription);
    public static Task<SubscriptionFacts> LoadAsync(Guid consortiumId, IQuerySession session, CancellationToken ct) =>
        SubscriptionAccess.FactsAsync(session, consortiumId, withAgreement: false, ct);

    /// <summary>A member joins the current term mid-term; an invoiced term is split again and earlier payers are credited.</summary>
    [ProducesResponseType(typeof(SubscriptionTermChanged), 200)]
    [Allow(Roles.Finance)]
    [WolverinePost("/consortia/{consortiumId}/subscriptions/{subscriptionId}/participants")]
    public static (IResult, Events) Post(JoinSubscription? command, SubscriptionFacts facts, IClock clock,
        [Document("consortiumId", Required = false)] Consortium? consortium,
        [WriteAggregate("subscriptionId", Required = false)] Subscription? subscription) =>
        SubscriptionChangeDecisions.Join(subscription!, command!, facts, clock.GetCurrentInstant())
            .Respond(e => Results.Ok(new SubscriptionTermChanged(subscription!.Id, ((SubscriptionParticipantJoined)e).Term)));
}

/// <summary>The subscription and the number of the term the change applies to.</summary>
public sealed record SubscriptionTermChanged(Guid Id, int Term);
