using Marten;
using JasperFx;
using NodaTime;
using SharingLedger.Infrastructure;
using Wolverine;
using Wolverine.ErrorHandling;
using Wolverine.Runtime.Handlers;

namespace SharingLedger.Subscriptions.Sushi;

/// <summary>
/// One attempt of a SUSHI harvest, on the durable local queue "sushi" in the consortium's tenant: calls the vendor, judges
/// the answer (<see cref="SushiVerdicts"/>), imports a report through the same decision as an uploaded one
/// (<see cref="CounterImportDecision"/>: rows already recorded are skipped), records the attempt in the harvest log, and
/// when the vendor may answer later schedules the next attempt after the backoff (<c>Sushi:RetryDelays</c>). The log,
/// the usage events and the next attempt commit together (Marten's outbox).
/// </summary>
public static class HarvestSushiHandler
{
    public static readonly TimeSpan[] DefaultDelays =
        [TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2), TimeSpan.FromHours(6), TimeSpan.FromHours(24), TimeSpan.FromHours(24)];

    /// <summary>A usage import that raced this one: fetch and decide again.</summary>
    public static void Configure(HandlerChain chain) => chain.OnException<ConcurrencyException>().RetryTimes(3);

    public static async Task<OutgoingMessages> Handle(HarvestSushi message, IDocumentSession session, SushiClient client, SushiSecrets secrets,
        IClock clock, IConfiguration configuration, CancellationToken ct)
    {
        var outgoing = new OutgoingMessages();
        var harvest = await session.LoadAsync<SushiHarvest>(message.HarvestId, ct);
        if (harvest is null || harvest.IsFinished || harvest.ConsortiumId != message.ConsortiumId) return outgoing; // delivered again
        var number = harvest.Attempts.Count + 1;
        var connection = await session.LoadAsync<SushiConnection>(message.SubscriptionId, ct);
        if (connection is null)
        {
            Record(session, harvest, new(number, clock.GetCurrentInstant(), AttemptOutcome.Failed, null, null, null, "The SUSHI connection is gone.", 0, 0, []), HarvestStatus.Failed);
            return outgoing;
        }

        var credentials = secrets.Reveal(connection);
        using var answer = await client.FetchAsync(connection, credentials, harvest.Begin, harvest.End, ct);
        var verdict = SushiVerdicts.Judge(answer.Status, answer.Body?.RootElement, answer.Failure);
        var now = clock.GetCurrentInstant();
        var notes = verdict.Notes.Where(n => n != verdict.Exception).Select(n => credentials.Scrub(n.ToString())).ToList();
        SushiAttempt Attempt(AttemptOutcome outcome, string detail, int recorded = 0, int already = 0, IEnumerable<string>? more = null) =>
            new(number, now, outcome, answer.Status, verdict.Exception?.Code, verdict.Exception is { } e ? credentials.Scrub(e.Message) : null,
                credentials.Scrub(detail), recorded, already, [.. notes, .. (more ?? []).Select(credentials.Scrub)]);

        switch (verdict.Kind)
        {
            case VerdictKind.Report:
                var stream = await session.Events.FetchForWriting<Subscription>(message.SubscriptionId, ct);
                if (stream.Aggregate is not { } subscription)
                {
                    Record(session, harvest, Attempt(AttemptOutcome.Failed, "The subscription is gone."), HarvestStatus.Failed);
                    break;
                }
                var members = await SubscriptionAccess.MembersAsync(session, message.ConsortiumId, ct);
                var rows = CounterReport.Read(answer.Body!.RootElement, out var problems);
                var (decision, result) = CounterImportDecision.Decide(subscription, rows, problems,
                    configuration.GetValue("Limits:MaxImportRows", 50_000), members, now);
                if (decision is Decision.Accepted accepted && result is not null)
                {
                    stream.AppendMany(accepted.Events);
                    Record(session, harvest, Attempt(AttemptOutcome.Imported, $"Imported: {result.Recorded} recorded, {result.AlreadyRecorded} already recorded.",
                        result.Recorded, result.AlreadyRecorded, result.Notes), HarvestStatus.Imported);
                }
                else
                {
                    var why = decision is Decision.Invalid invalid ? invalid.Errors.Select(x => $"{x.Field}: {x.Message}") : [];
                    Record(session, harvest, Attempt(AttemptOutcome.Failed, "The import refused the report; nothing was recorded.", more: why), HarvestStatus.Failed);
                }
                break;
            case VerdictKind.NoUsage:
                Record(session, harvest, Attempt(AttemptOutcome.NoUsage, verdict.Detail), HarvestStatus.NoUsage);
                break;
            case VerdictKind.Final:
                Record(session, harvest, Attempt(AttemptOutcome.Failed, verdict.Detail), HarvestStatus.Failed);
                break;
            default:
                var delays = configuration.GetSection("Sushi:RetryDelays").Get<TimeSpan[]>() is { Length: > 0 } configured ? configured : DefaultDelays;
                if (SushiDecisions.Backoff(number, delays, answer.RetryAfter) is not { } delay)
                {
                    Record(session, harvest, Attempt(AttemptOutcome.GaveUp, $"{verdict.Detail} Given up after {number} attempts."), HarvestStatus.GaveUp);
                    break;
                }
                harvest.NextAttemptAt = now + Duration.FromTimeSpan(delay);
                Record(session, harvest, Attempt(AttemptOutcome.Retry, $"{verdict.Detail} Next attempt in {Describe(delay)}."), HarvestStatus.Retrying);
                outgoing.Add(message, SushiSchedule.After(message.ConsortiumId, delay));
                break;
        }
        return outgoing;
    }

    private static void Record(IDocumentSession session, SushiHarvest harvest, SushiAttempt attempt, HarvestStatus status)
    {
        harvest.Attempts.Add(attempt);
        harvest.Status = status;
        if (status != HarvestStatus.Retrying) harvest.NextAttemptAt = null;
        session.Store(harvest);
    }

    private static string Describe(TimeSpan delay) =>
        delay.TotalHours >= 1 ? $"{delay.TotalHours:0.#} h" : delay.TotalMinutes >= 1 ? $"{delay.TotalMinutes:0.#} min" : $"{delay.TotalSeconds:0.#} s";
}

/// <summary>
/// A monthly run of a subscription's SUSHI schedule: queues a harvest of the previous month and schedules the next run on
/// the connection's harvest day, in one transaction with the connection's new NextHarvestAt (Marten's outbox), so the
/// chain of runs is as durable as the database. A run of a replaced schedule, or a copy delivered again, does nothing.
/// </summary>
public static class HarvestSushiMonthlyHandler
{
    public static async Task<OutgoingMessages> Handle(HarvestSushiMonthly message, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        var outgoing = new OutgoingMessages();
        var connection = await session.LoadAsync<SushiConnection>(message.SubscriptionId, ct);
        if (connection is null || connection.ConsortiumId != message.ConsortiumId || connection.ScheduleId != message.ScheduleId
            || connection.NextHarvestAt != Instant.FromDateTimeOffset(message.Due)) return outgoing;

        var now = clock.GetCurrentInstant();
        var month = SushiDecisions.PreviousMonth(now);
        var harvest = SushiSchedule.NewHarvest(connection, "monthly", month, month.PlusMonths(1).PlusDays(-1), now);
        session.Store(harvest);
        outgoing.Add(new HarvestSushi(connection.ConsortiumId, connection.Id, harvest.Id), SushiSchedule.Now(connection.ConsortiumId));

        connection.NextHarvestAt = SushiDecisions.NextRun(Instant.Max(now, connection.NextHarvestAt), connection.HarvestDay);
        connection.LastScheduledMonth = month;
        session.Store(connection);
        outgoing.Add(message with { Due = connection.NextHarvestAt.ToDateTimeOffset() }, SushiSchedule.At(connection.ConsortiumId, connection.NextHarvestAt, now));
        return outgoing;
    }
}
