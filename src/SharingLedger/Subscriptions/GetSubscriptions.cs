using Marten;
using SharingLedger.Infrastructure.Http;
using Wolverine.Http;

namespace SharingLedger.Subscriptions;

public static class GetSubscriptionsEndpoint
{
    /// <summary>The consortium's shared subscriptions with their terms, invoices, apportionments and usage, by resource, a page at a time.</summary>
    /// <param name="limit">Subscriptions a page holds (default 100).</param>
    /// <param name="offset">Subscriptions to skip (default 0).</param>
    [ProducesResponseType(typeof(List<Subscription>), 200)]
    [Allow(Roles.Finance, Roles.Auditor, Roles.Admin)]
    [WolverineGet("/consortia/{consortiumId}/subscriptions")]
    public static async Task<IResult> List(Guid consortiumId, int? limit, int? offset, IQuerySession session, IConfiguration configuration,
        HttpContext http, CancellationToken ct)
    {
        if (Paging.TryCreate(limit, offset, configuration, out var paging) is { } refused) return refused;
        if (await session.LoadAsync<Consortia.Consortium>(consortiumId, ct) is null) return Problems.NotFound("consortium", consortiumId);
        return await paging.PageAsync(http,
            session.Query<Subscription>().Where(s => s.ConsortiumId == consortiumId).OrderBy(s => s.Resource).ThenBy(s => s.Id), s => s, ct);
    }

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
}
