using System.Text.Json;
using Marten;
using NodaTime;
using SharingLedger.Infrastructure.Http;
using SharingLedger.Membership;
using Wolverine.Http;

namespace SharingLedger.Subscriptions;

/// <summary>What an import did: rows recorded, rows already recorded (skipped), and rows not for this resource.</summary>
public sealed record CounterImportResult(int Recorded, int AlreadyRecorded, IReadOnlyList<string> OtherItems, IReadOnlyList<string> Metrics);

public static class ImportCounterReportEndpoint
{
    /// <summary>
    /// Import a COUNTER R5 JSON report (or an array of them) as usage of this subscription's resource. Each
    /// report's Institution_ID is mapped to a member by its counterInstitutionIds. All or nothing: an unknown
    /// institution, a member who did not take part, or a period outside the terms is a 422 listing every
    /// such problem, and nothing is recorded. Rows already recorded from an earlier import are skipped.
    /// </summary>
    [ProducesResponseType(typeof(CounterImportResult), 200)]
    [Allow(Roles.Finance)]
    [WolverinePost("/consortia/{consortiumId}/subscriptions/{subscriptionId}/usage/counter")]
    public static async Task<IResult> Post(Guid consortiumId, Guid subscriptionId, JsonElement body, IDocumentSession session, IClock clock,
        IConfiguration configuration, CancellationToken ct)
    {
        var loaded = await SubscriptionAccess.LoadAsync(session, consortiumId, subscriptionId, ct);
        if (loaded is null) return Problems.NotFound("subscription", subscriptionId);
        var subscription = loaded.Subscription;

        var rows = CounterReport.Read(body, out var readProblems);
        var maxRows = configuration.GetValue("Limits:MaxImportRows", 50_000);
        if (rows.Count > maxRows)
            return Problems.RuleViolated("report", $"The report has {rows.Count} usage figures; at most {maxRows} are taken in one import. Split it by month or institution.");
        var v = new Validation();
        foreach (var p in readProblems) v.Add("report", p);
        var members = await SubscriptionAccess.MembersAsync(session, consortiumId, ct);
        var mine = rows.Where(r => string.Equals(r.ItemName, subscription.Resource, StringComparison.OrdinalIgnoreCase)).ToList();
        var others = rows.Select(r => r.ItemName).Except(mine.Select(r => r.ItemName)).Distinct().Order(StringComparer.Ordinal).ToList();
        if (rows.Count > 0 && mine.Count == 0)
            v.Add("report", $"No item of the report is '{subscription.Resource}'; it has: {string.Join(", ", others)}.");

        var now = clock.GetCurrentInstant();
        var events = new List<SubscriptionUsageReported>();
        var skipped = 0;
        foreach (var institution in mine.GroupBy(r => string.Join("|", r.InstitutionIds)))
        {
            var ids = institution.First().InstitutionIds;
            var member = members.Values.FirstOrDefault(m => m.CounterInstitutionIds.Any(known =>
                ids.Any(id => string.Equals(id, known, StringComparison.OrdinalIgnoreCase)
                              || string.Equals(id[(id.IndexOf(':') + 1)..], known, StringComparison.OrdinalIgnoreCase))));
            if (member is null)
            {
                v.Add("Report_Header.Institution_ID", $"Unknown institution {string.Join(", ", ids)} ({institution.First().InstitutionName}): set it as a member's counterInstitutionIds.");
                continue;
            }
            foreach (var row in institution)
            {
                var source = $"counter:{row.ReportId}";
                if (subscription.Usage.Any(u => u.MemberId == member.Id && u.PeriodStart == row.Begin && u.PeriodEnd == row.End && u.Metric == row.Metric && u.Source == source)
                    || events.Any(u => u.MemberId == member.Id && u.PeriodStart == row.Begin && u.PeriodEnd == row.End && u.Metric == row.Metric))
                {
                    skipped++;
                    continue;
                }
                var usage = UsageRules.Check(v, subscription, member.Id, row.Begin, row.End, row.Metric, row.Count, source, now, $"{member.Code}.");
                if (usage is not null) events.Add(usage);
            }
        }
        if (!v.IsValid) return v.Problem();

        if (events.Count > 0)
        {
            loaded.Stream.AppendMany(events.Cast<object>().ToArray());
        }
        return Results.Ok(new CounterImportResult(events.Count, skipped, others, mine.Select(r => r.Metric).Distinct().Order(StringComparer.Ordinal).ToList()));
    }
}
