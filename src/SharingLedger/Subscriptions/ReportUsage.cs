using Marten;
using NodaTime;
using SharingLedger.Agreements;
using SharingLedger.Infrastructure.Http;
using Wolverine.Http;

namespace SharingLedger.Subscriptions;

public sealed record ReportUsage(Guid MemberId, LocalDate? PeriodStart, LocalDate? PeriodEnd, string? Metric, long? Count);

public static class ReportUsageEndpoint
{
    /// <summary>Usage of the resource by a participating member over a period inside one of its terms.</summary>
    [ProducesResponseType(typeof(Infrastructure.Api.ResourceId), 200)]
    [Allow(Roles.Finance)]
    [WolverinePost("/consortia/{consortiumId}/subscriptions/{subscriptionId}/usage")]
    public static async Task<IResult> Post(Guid consortiumId, Guid subscriptionId, ReportUsage? command, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        if (command is null) return Problems.BadRequest("The request body is empty.");
        var loaded = await SubscriptionAccess.LoadAsync(session, consortiumId, subscriptionId, ct);
        if (loaded is null) return Problems.NotFound("subscription", subscriptionId);

        var v = new Validation();
        var usage = UsageRules.Check(v, loaded.Subscription, command.MemberId, command.PeriodStart, command.PeriodEnd,
            command.Metric ?? SharingTerm.DefaultUsageMetric, command.Count, "manual", clock.GetCurrentInstant(), "");
        if (!v.IsValid) return v.Problem();

        loaded.Stream.AppendOne(usage!);
        return Results.Ok(new { id = subscriptionId });
    }
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
