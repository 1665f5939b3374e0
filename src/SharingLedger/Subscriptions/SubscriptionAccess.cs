using Marten;
using SharingLedger.Agreements;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure;
using SharingLedger.Infrastructure.Http;
using SharingLedger.Membership;
using Wolverine.Http;

namespace SharingLedger.Subscriptions;

/// <summary>What a subscription command is decided against besides the subscription: the consortium's members and (for a new term) its agreement.</summary>
public sealed record SubscriptionFacts(IReadOnlyDictionary<Guid, Member> Members, Agreement? Agreement = null);

/// <summary>
/// What every subscription command does around its decision (Wolverine's aggregate handler workflow loads the consortium
/// and fetches the subscription's stream for writing): <c>Validate</c> answers 400 and 404; <c>LoadAsync</c> reads the facts.
/// </summary>
public static class SubscriptionAccess
{
    /// <summary>An empty body is a 400; an unknown consortium or subscription, or a subscription of another consortium, a 404.</summary>
    public static IResult Validate(object? command, Guid consortiumId, Consortium? consortium, Guid subscriptionId, Subscription? subscription)
    {
        if (command is null) return Problems.BadRequest("The request body is empty.");
        if (consortium is null || subscription is null || subscription.ConsortiumId != consortiumId) return Problems.NotFound("subscription", subscriptionId);
        return WolverineContinue.Result();
    }

    /// <summary>An empty body is a 400; an unknown consortium a 404.</summary>
    public static IResult Validate(object? command, Guid consortiumId, Consortium? consortium)
    {
        if (command is null) return Problems.BadRequest("The request body is empty.");
        if (consortium is null) return Problems.NotFound("consortium", consortiumId);
        return WolverineContinue.Result();
    }

    public static async Task<SubscriptionFacts> FactsAsync(IQuerySession session, Guid consortiumId, bool withAgreement, CancellationToken ct) =>
        new(await MembersAsync(session, consortiumId, ct),
            withAgreement ? await session.LoadAsync<Agreement>(StreamIds.Agreement(consortiumId), ct) : null);

    public static async Task<Dictionary<Guid, Member>> MembersAsync(IQuerySession session, Guid consortiumId, CancellationToken ct) =>
        (await session.Query<Member>().Where(m => m.ConsortiumId == consortiumId && !m.External).ToListAsync(ct)).ToDictionary(m => m.Id); // external libraries take no shares
}
