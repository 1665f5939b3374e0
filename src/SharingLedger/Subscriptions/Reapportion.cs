using Marten;
using NodaTime;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure;
using SharingLedger.Infrastructure.Http;
using Wolverine.Http;
using Wolverine.Http.Marten;
using Wolverine.Marten;

namespace SharingLedger.Subscriptions;

public sealed record ReapportionTerm(string Reason);

public static class ReapportionTermEndpoint
{
    public static IResult Validate(ReapportionTerm? command, Guid consortiumId, Consortium? consortium, Guid subscriptionId, Subscription? subscription) =>
        SubscriptionAccess.Validate(command, consortiumId, consortium, subscriptionId, subscription);
    public static Task<SubscriptionFacts> LoadAsync(Guid consortiumId, IQuerySession session, CancellationToken ct) =>
        SubscriptionAccess.FactsAsync(session, consortiumId, withAgreement: false, ct);

    /// <summary>Split an invoiced term again, e.g. once the term's usage has been reported.</summary>
    [ProducesResponseType(typeof(SubscriptionCostApportioned), 201)]
    [Allow(Roles.Finance)]
    [WolverinePost("/consortia/{consortiumId}/subscriptions/{subscriptionId}/terms/{term}/apportionments")]
    public static (IResult, Events) Post(int term, ReapportionTerm? command, SubscriptionFacts facts, IClock clock,
        [Document("consortiumId", Required = false)] Consortium? consortium,
        [WriteAggregate("subscriptionId", Required = false)] Subscription? subscription) =>
        SubscriptionChangeDecisions.Reapportion(subscription!, term, command!, facts, clock.GetCurrentInstant())
            .Respond(e => Results.Created($"/consortia/{subscription!.ConsortiumId}/subscriptions/{subscription.Id}", e));
}
