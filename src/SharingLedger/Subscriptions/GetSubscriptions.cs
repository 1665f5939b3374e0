using Marten;
using SharingLedger.Infrastructure.Answers;
using SharingLedger.Infrastructure.Http;
using SharingLedger.Sharing;
using Wolverine.Http;

namespace SharingLedger.Subscriptions;

public static class GetSubscriptionsEndpoint
{
    /// <summary>
    /// The consortium's shared subscriptions by resource, a page at a time, each summed up with its current term (its invoice, whether
    /// its split waits for a decision, and the split that stands as totals). The whole subscription is
    /// <c>GET …/subscriptions/{subscriptionId}</c>; the current split's shares, a page at a time, <c>…/terms/{term}/shares</c>.
    /// </summary>
    /// <param name="limit">Subscriptions a page holds (default 100).</param>
    /// <param name="offset">Subscriptions to skip (default 0).</param>
    [ProducesResponseType(typeof(List<SubscriptionSummary>), 200)]
    [Allow(Roles.Finance, Roles.Auditor, Roles.Admin)]
    [WolverineGet("/consortia/{consortiumId}/subscriptions")]
    public static async Task<IResult> List(Guid consortiumId, int? limit, int? offset, IQuerySession session, IConfiguration configuration,
        ConsortiumMemo memo, HttpContext http, CancellationToken ct)
    {
        if (Paging.TryCreate(limit, offset, configuration, out var paging) is { } refused) return refused;
        if (await session.LoadAsync<Consortia.Consortium>(consortiumId, ct) is null) return Problems.NotFound("consortium", consortiumId);
        var all = await ListingsAsync(session, memo, consortiumId, ct);
        return paging.Respond(http, all.Count, all.Skip(paging.Offset).Take(paging.Limit).Select(l => l.Summary).ToList());
    }

    /// <summary>The most shares of a split the console's list shows, and so the most the kept listings hold.</summary>
    public const int InlineShares = 60;

    /// <summary>
    /// The consortium's subscriptions summed up (each split's lines when at most <see cref="InlineShares"/>), kept per node while no fact
    /// of the consortium changes (<see cref="ConsortiumMemo"/>): the list the API pages through and the console shows.
    /// </summary>
    public static Task<IReadOnlyList<SubscriptionListing>> ListingsAsync(IQuerySession session, ConsortiumMemo memo, Guid consortiumId, CancellationToken ct) =>
        memo.GetOrAddAsync(session, $"subscriptions:{consortiumId}", () => SubscriptionListing.InAsync(session, consortiumId, InlineShares, ct), ct,
            listings => listings.Sum(l => 1L + l.Lines.Count));

    /// <summary>One shared subscription with its terms, invoices, apportionments (every revision) and usage.</summary>
    [ProducesResponseType(typeof(Subscription), 200)]
    [Allow(Roles.Finance, Roles.Auditor, Roles.Admin)]
    [WolverineGet("/consortia/{consortiumId}/subscriptions/{subscriptionId}")]
    public static async Task<IResult> Get(Guid consortiumId, Guid subscriptionId, IQuerySession session, CancellationToken ct)
    {
        var subscription = await session.LoadAsync<Subscription>(subscriptionId, ct);
        return subscription is null || subscription.ConsortiumId != consortiumId
            ? Problems.NotFound("subscription", subscriptionId)
            : Results.Ok(subscription);
    }

    /// <summary>
    /// The shares of a term's split that stands, each explained, in the split's order, a page at a time: empty before the term is
    /// invoiced, while its split waits for a decision and after its invoice was voided.
    /// </summary>
    /// <param name="limit">Shares a page holds (default 100).</param>
    /// <param name="offset">Shares to skip (default 0).</param>
    [ProducesResponseType(typeof(List<ShareLine>), 200)]
    [Allow(Roles.Finance, Roles.Auditor, Roles.Admin)]
    [WolverineGet("/consortia/{consortiumId}/subscriptions/{subscriptionId}/terms/{term}/shares")]
    public static async Task<IResult> Shares(Guid consortiumId, Guid subscriptionId, int term, int? limit, int? offset, IQuerySession session,
        IConfiguration configuration, HttpContext http, CancellationToken ct)
    {
        if (Paging.TryCreate(limit, offset, configuration, out var paging) is { } refused) return refused;
        var subscription = await session.LoadAsync<Subscription>(subscriptionId, ct);
        if (subscription is null || subscription.ConsortiumId != consortiumId) return Problems.NotFound("subscription", subscriptionId);
        if (subscription.TermNumber(term) is not { } found) return Problems.NotFound("term", term);
        var lines = found.Latest?.Cost.Lines ?? [];
        return paging.Respond(http, lines.Count, lines.Skip(paging.Offset).Take(paging.Limit).ToList());
    }
}
