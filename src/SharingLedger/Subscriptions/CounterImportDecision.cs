using NodaTime;
using SharingLedger.Infrastructure;
using SharingLedger.Infrastructure.Http;
using SharingLedger.Membership;

namespace SharingLedger.Subscriptions;

/// <summary>
/// Whether the rows of COUNTER reports are recorded as usage of a subscription, free of HTTP and storage: all or nothing.
/// Accepted may carry no events (every row already recorded); <see cref="Result"/> is what the import did.
/// </summary>
public sealed record CounterImportDecision(Decision Decision, CounterImportResult? Result)
{
    public static CounterImportDecision Decide(Subscription subscription, IReadOnlyList<CounterRow> rows, IReadOnlyList<string> readProblems,
        int maxRows, IReadOnlyDictionary<Guid, Member> members, Instant now)
    {
        if (rows.Count > maxRows)
            return new(SubscriptionDecisions.Invalid("report", $"The report has {rows.Count} usage figures; at most {maxRows} are taken in one import. Split it by month or institution."), null);
        var v = new Validation();
        foreach (var p in readProblems) v.Add("report", p);
        var mine = rows.Where(r => string.Equals(r.ItemName, subscription.Resource, StringComparison.OrdinalIgnoreCase)).ToList();
        var others = rows.Select(r => r.ItemName).Except(mine.Select(r => r.ItemName)).Distinct().Order(StringComparer.Ordinal).ToList();
        if (rows.Count > 0 && mine.Count == 0)
            v.Add("report", $"No item of the report is '{subscription.Resource}'; it has: {string.Join(", ", others)}.");

        // Months outside every term of the subscription are left out, and said once, rather than refusing the report.
        var outside = mine.Where(r => !subscription.Terms.Any(t => t.Contains(r.Begin) && t.Contains(r.End))).ToList();
        mine = mine.Except(outside).ToList();
        var notes = outside.Count == 0 ? new List<string>() :
        [
            $"Not imported, outside the subscription's terms: {string.Join(", ", outside.Select(r => r.Begin.ToString("uuuu-MM", System.Globalization.CultureInfo.InvariantCulture)).Distinct().Order(StringComparer.Ordinal))} " +
            $"({outside.Count} figure{(outside.Count == 1 ? "" : "s")}).",
        ];

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
        if (!v.IsValid) return new(new Decision.Invalid(v.Errors), null);
        return new(new Decision.Accepted(events), new CounterImportResult(events.Count, skipped, others,
            mine.Select(r => r.Metric).Distinct().Order(StringComparer.Ordinal).ToList(), notes));
    }
}
