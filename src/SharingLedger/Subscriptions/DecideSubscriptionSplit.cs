using Marten;
using NodaTime;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure.Http;
using Wolverine.Http;
using Wolverine.Http.Marten;
using Wolverine.Marten;

namespace SharingLedger.Subscriptions;

/// <summary>Finance's decision on a split the agreement could not make: each participant's share (member id → amount in the base currency) and why.</summary>
public sealed record DecideSubscriptionSplit(string? Reason, IReadOnlyDictionary<Guid, MoneyInput>? Shares);

public static class DecideSubscriptionSplitEndpoint
{
    public static IResult Validate(DecideSubscriptionSplit? command, Guid consortiumId, Consortium? consortium, Guid subscriptionId, Subscription? subscription) =>
        SubscriptionAccess.Validate(command, consortiumId, consortium, subscriptionId, subscription);
    public static Task<SubscriptionFacts> LoadAsync(Guid consortiumId, IQuerySession session, CancellationToken ct) =>
        SubscriptionAccess.FactsAsync(session, consortiumId, withAgreement: false, ct);

    /// <summary>Record finance's decision on a term whose invoice the agreement could not split (it "needs a decision"): the shares decided, the rest borne by the central fund.</summary>
    [ProducesResponseType(typeof(SubscriptionSplitDecided), 201)]
    [Allow(Roles.Finance)]
    [WolverinePost("/consortia/{consortiumId}/subscriptions/{subscriptionId}/terms/{term}/split-decision")]
    public static (IResult, Events) Post(int term, DecideSubscriptionSplit? command, SubscriptionFacts facts, IClock clock,
        [Document("consortiumId", Required = false)] Consortium? consortium,
        [WriteAggregate("subscriptionId", Required = false)] Subscription? subscription) =>
        SubscriptionSplitDecisions.Decide(subscription!, term, command!, facts, clock.GetCurrentInstant())
            .Respond(e => Results.Created($"/consortia/{consortium!.Id}/subscriptions/{subscription!.Id}", e));
}
