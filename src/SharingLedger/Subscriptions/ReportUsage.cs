using NodaTime;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure.Http;
using Wolverine.Http;
using Wolverine.Http.Marten;
using Wolverine.Marten;

namespace SharingLedger.Subscriptions;

public sealed record ReportUsage(Guid MemberId, LocalDate? PeriodStart, LocalDate? PeriodEnd, string? Metric, long? Count);

public static class ReportUsageEndpoint
{
    public static IResult Validate(ReportUsage? command, Guid consortiumId, Consortium? consortium, Guid subscriptionId, Subscription? subscription) =>
        SubscriptionAccess.Validate(command, consortiumId, consortium, subscriptionId, subscription);

    /// <summary>Usage of the resource by a participating member over a period inside one of its terms.</summary>
    [ProducesResponseType(typeof(Infrastructure.Api.ResourceId), 200)]
    [Allow(Roles.Finance)]
    [WolverinePost("/consortia/{consortiumId}/subscriptions/{subscriptionId}/usage")]
    public static (IResult, Events) Post(ReportUsage? command, IClock clock,
        [Document("consortiumId", Required = false)] Consortium? consortium,
        [WriteAggregate("subscriptionId", Required = false)] Subscription? subscription) =>
        SubscriptionChangeDecisions.ReportUsage(subscription!, command!, clock.GetCurrentInstant())
            .Respond(_ => Results.Ok(new Infrastructure.Api.ResourceId(subscription!.Id)));
}

/// <summary>Usage must be for a participating member, over a period inside a term the member took part in.</summary>
public static class UsageRules
{
    public static SubscriptionUsageReported? Check(Validation v, Subscription subscription, Guid memberId, LocalDate? start, LocalDate? end,
        string metric, long? count, string source, Instant now, string prefix)
    {
        v.Date(start, prefix + "periodStart").Date(end, prefix + "periodEnd")
            .Require(count is >= 0, prefix + "count", "Required, and cannot be negative.")
            .Require(!string.IsNullOrWhiteSpace(metric) && metric.Length <= 64, prefix + "metric", "A COUNTER metric name such as Total_Item_Requests.");
        if (start is not { } from || end is not { } to) return null;
        if (to < from) { v.Add(prefix + "periodEnd", "The period cannot end before it starts."); return null; }
        var term = subscription.Terms.FirstOrDefault(t => t.Contains(from) && t.Contains(to));
        if (term is null) { v.Add(prefix + "periodStart", $"{from:uuuu-MM-dd} to {to:uuuu-MM-dd} is not inside one term of the subscription."); return null; }
        if (!term.Overlaps(memberId, from, to)) { v.Add(prefix + "memberId", $"Member {memberId} does not take part in the subscription in that period."); return null; }
        return v.IsValid ? new SubscriptionUsageReported(subscription.Id, memberId, from, to, metric, count!.Value, source, now) : null;
    }
}
