using Marten;
using NodaTime;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure;
using SharingLedger.Infrastructure.Http;
using System.Text.Json;
using Wolverine.Http;
using Wolverine.Http.Marten;
using Wolverine.Marten;

namespace SharingLedger.Subscriptions;

/// <summary>
/// What an import did: rows recorded, rows already recorded (skipped), rows not for this resource, the metrics, and notes
/// (the months left out because they lie outside the subscription's terms, said once).
/// </summary>
public sealed record CounterImportResult(int Recorded, int AlreadyRecorded, IReadOnlyList<string> OtherItems, IReadOnlyList<string> Metrics,
    IReadOnlyList<string> Notes);

public static class ImportCounterReportEndpoint
{
    /// <summary>No body check here: a report that cannot be read is a 422 naming what is wrong with it.</summary>
    public static IResult Validate(Guid consortiumId, Consortium? consortium, Guid subscriptionId, Subscription? subscription) =>
        SubscriptionAccess.Validate(true, consortiumId, consortium, subscriptionId, subscription);
    public static Task<SubscriptionFacts> LoadAsync(Guid consortiumId, IQuerySession session, CancellationToken ct) =>
        SubscriptionAccess.FactsAsync(session, consortiumId, withAgreement: false, ct);

    /// <summary>
    /// Import a COUNTER Release 5 or 5.1 JSON report (TR, DR or PR and their standard views; or an array of them) as usage
    /// of this subscription's resource. Each report's Institution_ID is mapped to a member by its counterInstitutionIds;
    /// rows for the same item, month and metric are added. Months outside the subscription's terms are left out and named
    /// once in the result's notes. All or nothing otherwise: an unknown institution or a member who did not take part is a
    /// 422 listing every such problem, and nothing is recorded. Rows already recorded from an earlier import are skipped.
    /// </summary>
    [ProducesResponseType(typeof(CounterImportResult), 200)]
    [Allow(Roles.Finance)]
    [WolverinePost("/consortia/{consortiumId}/subscriptions/{subscriptionId}/usage/counter")]
    public static (IResult, Events) Post(JsonElement body, SubscriptionFacts facts, IClock clock, IConfiguration configuration,
        [Document("consortiumId", Required = false)] Consortium? consortium,
        [WriteAggregate("subscriptionId", Required = false)] Subscription? subscription)
    {
        var rows = CounterReport.Read(body, out var readProblems);
        var (decision, result) = CounterImportDecision.Decide(subscription!, rows, readProblems,
            configuration.GetValue("Limits:MaxImportRows", 50_000), facts.Members, clock.GetCurrentInstant());
        // Every row may have been recorded before: accepted with no events.
        return decision is Decision.Accepted a ? (Results.Ok(result), [.. a.Events]) : decision.Respond(Results.Ok);
    }
}
