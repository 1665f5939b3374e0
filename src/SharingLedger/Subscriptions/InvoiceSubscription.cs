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
/// Record the vendor's invoice for a term (default: the current one). A foreign-currency invoice needs the
/// rate to the base currency; it is converted once and the base amount is apportioned as invoiced.
/// </summary>
public sealed record InvoiceSubscription(int? Term, string InvoiceNumber, LocalDate? InvoiceDate, MoneyInput? Amount, decimal? RateToBase);

public static class InvoiceSubscriptionEndpoint
{
    public static IResult Validate(InvoiceSubscription? command, Guid consortiumId, Consortium? consortium, Guid subscriptionId, Subscription? subscription) =>
        SubscriptionAccess.Validate(command, consortiumId, consortium, subscriptionId, subscription);
    public static Task<SubscriptionFacts> LoadAsync(Guid consortiumId, IQuerySession session, CancellationToken ct) =>
        SubscriptionAccess.FactsAsync(session, consortiumId, withAgreement: false, ct);

    /// <summary>Record the vendor's invoice for a term (a foreign currency with its rate) and split it among the participants.</summary>
    [ProducesResponseType(typeof(SubscriptionCostApportioned), 201)]
    [Allow(Roles.Finance)]
    [WolverinePost("/consortia/{consortiumId}/subscriptions/{subscriptionId}/invoices")]
    public static (IResult, Events) Post(InvoiceSubscription? command, SubscriptionFacts facts, IClock clock,
        [Document("consortiumId", Required = false)] Consortium? consortium,
        [WriteAggregate("subscriptionId", Required = false)] Subscription? subscription)
    {
        var decision = SubscriptionDecisions.Invoice(subscription!, command!, consortium!.BaseCurrency, facts, clock.GetCurrentInstant());
        // The answer is the apportionment, the second of the two events.
        return decision.Respond(_ => Results.Created($"/consortia/{consortium.Id}/subscriptions/{subscription!.Id}", ((Decision.Accepted)decision).Events[^1]));
    }
}
