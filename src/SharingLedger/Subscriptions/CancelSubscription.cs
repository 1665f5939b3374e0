using Marten;
using NodaTime;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure;
using SharingLedger.Infrastructure.Http;
using Wolverine.Http;
using Wolverine.Http.Marten;
using Wolverine.Marten;

namespace SharingLedger.Subscriptions;

public sealed record CancelSubscription(LocalDate? EffectiveFrom, string Reason);

public static class CancelSubscriptionEndpoint
{
    public static IResult Validate(CancelSubscription? command, Guid consortiumId, Consortium? consortium, Guid subscriptionId, Subscription? subscription) =>
        SubscriptionAccess.Validate(command, consortiumId, consortium, subscriptionId, subscription);

    /// <summary>Cancel the subscription: it is not renewed and nobody joins it from <c>effectiveFrom</c> on. What was invoiced stays owed.</summary>
    [ProducesResponseType(typeof(SubscriptionCancellation), 200)]
    [Allow(Roles.Finance)]
    [WolverinePost("/consortia/{consortiumId}/subscriptions/{subscriptionId}/cancellation")]
    public static (IResult, Events) Post(CancelSubscription? command, IClock clock,
        [Document("consortiumId", Required = false)] Consortium? consortium,
        [WriteAggregate("subscriptionId", Required = false)] Subscription? subscription) =>
        SubscriptionDecisions.Cancel(subscription!, command!, clock.GetCurrentInstant())
            .Respond(e => Results.Ok(new SubscriptionCancellation(subscription!.Id, ((SubscriptionCancelled)e).EffectiveFrom)));
}

/// <summary>The subscription and the date it is cancelled from.</summary>
public sealed record SubscriptionCancellation(Guid Id, LocalDate CancelledFrom);
