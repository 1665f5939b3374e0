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

/// <summary>What an import did: rows recorded, rows already recorded (skipped), and rows not for this resource.</summary>
public sealed record CounterImportResult(int Recorded, int AlreadyRecorded, IReadOnlyList<string> OtherItems, IReadOnlyList<string> Metrics);

public static class ImportCounterReportEndpoint
{
    /// <summary>No body check here: a report that cannot be read is a 422 naming what is wrong with it.</summary>
    public static IResult Validate(Guid consortiumId, Consortium? consortium, Guid subscriptionId, Subscription? subscription) =>
        SubscriptionAccess.Validate(true, consortiumId, consortium, subscriptionId, subscription);
    public static Task<SubscriptionFacts> LoadAsync(Guid consortiumId, IQuerySession session, CancellationToken ct) =>
        SubscriptionAccess.FactsAsync(session, consortiumId, withAgreement: false, ct);

    /// <summary>
    /// Import a COUNTER R5 JSON report (or an array of them) as usage of this subscription's resource. Each
    /// report's Institution_ID is mapped to a member by its counterInstitutionIds. All or nothing: an unknown
    /// institution, a member who did not take part, or a period outside the terms is a 422 listing every
    /// such problem, and nothing is recorded. Rows already recorded from an earlier import are skipped.
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
