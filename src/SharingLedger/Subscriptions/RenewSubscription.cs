using Marten;
using NodaTime;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure;
using SharingLedger.Infrastructure.Http;
using Wolverine.Http;
using Wolverine.Http.Marten;
using Wolverine.Marten;

namespace SharingLedger.Subscriptions;

/// <summary>
/// Renew for a new term. Defaults: the new term starts the day after the current one ends, with the
/// members taking part on its last day, under the same sharing term name (of the agreement in force then).
/// </summary>
public sealed record RenewSubscription(
    LocalDate? TermStart,
    LocalDate? TermEnd,
    MoneyInput? Price,
    string? SharingTerm = null,
    IReadOnlyList<ParticipantInput>? Participants = null,
    IReadOnlyDictionary<Guid, MoneyInput>? StandalonePrices = null);

public static class RenewSubscriptionEndpoint
{
    public static IResult Validate(RenewSubscription? command, Guid consortiumId, Consortium? consortium, Guid subscriptionId, Subscription? subscription) =>
        SubscriptionAccess.Validate(command, consortiumId, consortium, subscriptionId, subscription);
    public static Task<SubscriptionFacts> LoadAsync(Guid consortiumId, IQuerySession session, CancellationToken ct) =>
        SubscriptionAccess.FactsAsync(session, consortiumId, withAgreement: true, ct);

    /// <summary>Renew a shared subscription for another term.</summary>
    [ProducesResponseType(typeof(SubscriptionTermChanged), 200)]
    [Allow(Roles.Finance)]
    [WolverinePost("/consortia/{consortiumId}/subscriptions/{subscriptionId}/renewals")]
    public static (IResult, Events) Post(RenewSubscription? command, SubscriptionFacts facts, IClock clock,
        [Document("consortiumId", Required = false)] Consortium? consortium,
        [WriteAggregate("subscriptionId", Required = false)] Subscription? subscription) =>
        SubscriptionDecisions.Renew(subscription!, command!, consortium!.BaseCurrency, facts, clock.GetCurrentInstant())
            .Respond(e => Results.Ok(new SubscriptionTermChanged(subscription!.Id, ((SubscriptionRenewed)e).Term)));
}
