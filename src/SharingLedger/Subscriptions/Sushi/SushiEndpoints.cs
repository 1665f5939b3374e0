using Marten;
using NodaTime;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure.Http;
using SharingLedger.Infrastructure.Marten;
using Wolverine;
using Wolverine.Http;
using Wolverine.Http.Marten;
using Wolverine.Marten;

namespace SharingLedger.Subscriptions.Sushi;

public static class ConnectSushiEndpoint
{
    public static IResult Validate(ConnectSushi? command, Guid consortiumId, Consortium? consortium, Guid subscriptionId, Subscription? subscription) =>
        SubscriptionAccess.Validate(command, consortiumId, consortium, subscriptionId, subscription);

    /// <summary>
    /// Set the subscription's SUSHI connection: the vendor's COUNTER_SUSHI base URL (https), customer id, optional platform,
    /// requestor id and API key (kept encrypted, never answered; left out keeps the one set, "" clears it), the report
    /// naming the resource (tr, dr or pr) and the day of the month (1–28) on which the previous month is harvested.
    /// Replaces the monthly schedule with one from the next harvest day.
    /// </summary>
    [ProducesResponseType(typeof(SushiConnectionView), 200)]
    [Allow(Roles.Finance)]
    [WolverinePost("/consortia/{consortiumId}/subscriptions/{subscriptionId}/sushi")]
    public static (IResult, IMartenOp, OutgoingMessages) Post(ConnectSushi command, Guid consortiumId, Guid subscriptionId, SushiSecrets secrets, IClock clock,
        [Document("consortiumId", Required = false)] Consortium? consortium,
        [Document("subscriptionId", Required = false)] Subscription? subscription,
        [Document("subscriptionId", Required = false)] SushiConnection? existing)
    {
        var (connection, errors) = SushiDecisions.Connect(command, existing, consortiumId, subscriptionId, clock.GetCurrentInstant(),
            secret => secrets.Protect(consortiumId, secret));
        if (connection is null) return (Problems.RuleViolated(errors.Errors), MartenOps.Nothing(), []);
        var outgoing = new OutgoingMessages();
        outgoing.Add(new HarvestSushiMonthly(consortiumId, subscriptionId, connection.ScheduleId, connection.NextHarvestAt.ToDateTimeOffset()), SushiSchedule.At(consortiumId, connection.NextHarvestAt, connection.SetAt));
        return (Results.Ok(connection.View()), MartenOps.Store(connection), outgoing);
    }
}

public static class HarvestSushiNowEndpoint
{
    public static IResult Validate(HarvestSushiNow? command, Guid consortiumId, Consortium? consortium, Guid subscriptionId, Subscription? subscription,
        SushiConnection? connection)
    {
        var access = SubscriptionAccess.Validate(command, consortiumId, consortium, subscriptionId, subscription);
        if (access is not WolverineContinue) return access;
        return connection is null ? Problems.NotFound("SUSHI connection of subscription", subscriptionId) : WolverineContinue.Result();
    }

    /// <summary>
    /// Harvest now: queue a harvest of the months from <c>begin</c> to <c>end</c> (yyyy-MM; the previous month when left
    /// out) from the vendor's SUSHI server. Answers 202 with the harvest; its attempts appear in the harvest log.
    /// </summary>
    [ProducesResponseType(typeof(SushiHarvest), 202)]
    [Allow(Roles.Finance)]
    [WolverinePost("/consortia/{consortiumId}/subscriptions/{subscriptionId}/sushi/harvests")]
    public static (IResult, IMartenOp, OutgoingMessages) Post(HarvestSushiNow command, Guid consortiumId, Guid subscriptionId, IClock clock,
        [Document("consortiumId", Required = false)] Consortium? consortium,
        [Document("subscriptionId", Required = false)] Subscription? subscription,
        [Document("subscriptionId", Required = false)] SushiConnection? connection)
    {
        var now = clock.GetCurrentInstant();
        var (begin, end, errors) = SushiDecisions.Months(command, now);
        if (!errors.IsValid) return (Problems.RuleViolated(errors.Errors), MartenOps.Nothing(), []);
        var harvest = SushiSchedule.NewHarvest(connection!, "manual", begin, end, now);
        var outgoing = new OutgoingMessages();
        outgoing.Add(new HarvestSushi(consortiumId, subscriptionId, harvest.Id), SushiSchedule.Now(consortiumId));
        return (Results.Json(harvest, statusCode: 202), MartenOps.Store(harvest), outgoing);
    }
}

public static class GetSushiEndpoint
{
    /// <summary>The subscription's SUSHI connection: whether a requestor id and API key are set (never their values) and the next harvest.</summary>
    [ProducesResponseType(typeof(SushiConnectionView), 200)]
    [Allow(Roles.Finance, Roles.Auditor, Roles.Admin)]
    [WolverineGet("/consortia/{consortiumId}/subscriptions/{subscriptionId}/sushi")]
    public static async Task<IResult> Get(Guid consortiumId, Guid subscriptionId, IQuerySession session, CancellationToken ct)
    {
        var connection = await session.LoadAsync<SushiConnection>(subscriptionId, ct);
        return connection is null || connection.ConsortiumId != consortiumId
            ? Problems.NotFound("SUSHI connection of subscription", subscriptionId)
            : Results.Ok(connection.View());
    }

    /// <summary>The harvest log: every harvest of the subscription, newest first, with each attempt's outcome, HTTP status and COUNTER exception.</summary>
    /// <param name="limit">Harvests a page holds (default 100).</param>
    /// <param name="offset">Harvests to skip (default 0).</param>
    [ProducesResponseType(typeof(List<SushiHarvest>), 200)]
    [Allow(Roles.Finance, Roles.Auditor, Roles.Admin)]
    [WolverineGet("/consortia/{consortiumId}/subscriptions/{subscriptionId}/sushi/harvests")]
    public static async Task<IResult> Harvests(Guid consortiumId, Guid subscriptionId, int? limit, int? offset, IQuerySession session,
        IConfiguration configuration, HttpContext http, CancellationToken ct)
    {
        if (Paging.TryCreate(limit, offset, configuration, out var paging) is { } refused) return refused;
        var subscription = await session.LoadAsync<Subscription>(subscriptionId, ct);
        if (subscription is null || subscription.ConsortiumId != consortiumId) return Problems.NotFound("subscription", subscriptionId);
        return await paging.PageAsync(http, LogOf(session, subscriptionId), h => h, ct);
    }

    /// <summary>The harvest log's order, newest first: the API's pages and the console's page read it the same way.</summary>
    public static IQueryable<SushiHarvest> LogOf(IQuerySession session, Guid subscriptionId) =>
        session.Query<SushiHarvest>().Where(h => h.SubscriptionId == subscriptionId).OrderByDescending(h => h.RequestedAt).ThenBy(h => h.Id);
}
