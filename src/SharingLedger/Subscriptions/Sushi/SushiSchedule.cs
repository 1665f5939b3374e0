using NodaTime;
using SharingLedger.Infrastructure.Marten;
using Wolverine;

namespace SharingLedger.Subscriptions.Sushi;

/// <summary>Harvest one SUSHI harvest (an attempt; a failed attempt that may succeed later schedules the next one).</summary>
public sealed record HarvestSushi(Guid ConsortiumId, Guid SubscriptionId, Guid HarvestId);

/// <summary>The monthly run of a subscription's schedule: harvest the previous month, then schedule the next run.
/// <c>Due</c> is when it was scheduled for: a copy delivered again, or a run of a replaced schedule, does nothing.</summary>
public sealed record HarvestSushiMonthly(Guid ConsortiumId, Guid SubscriptionId, Guid ScheduleId, DateTimeOffset Due);

/// <summary>How SUSHI messages are addressed: to the consortium's tenant (its Marten session), now or at a time.</summary>
public static class SushiSchedule
{
    public const string Queue = "sushi";

    public static DeliveryOptions Now(Guid consortiumId) => new() { TenantId = ConsortiumTenancy.TenantOf(consortiumId) };

    /// <summary>
    /// At <paramref name="at"/> by the ledger's clock, as a delay from <paramref name="now"/> on the same clock: Wolverine
    /// waits by the machine's time, which is the same instant in production and keeps a test's fixed clock meaningful.
    /// </summary>
    public static DeliveryOptions At(Guid consortiumId, Instant at, Instant now) =>
        After(consortiumId, at > now ? (at - now).ToTimeSpan() : TimeSpan.Zero);

    public static DeliveryOptions After(Guid consortiumId, TimeSpan delay) =>
        new() { TenantId = ConsortiumTenancy.TenantOf(consortiumId), ScheduleDelay = delay };

    public static SushiHarvest NewHarvest(SushiConnection connection, string trigger, LocalDate begin, LocalDate end, Instant now) => new()
    {
        Id = Guid.NewGuid(), ConsortiumId = connection.ConsortiumId, SubscriptionId = connection.Id, Trigger = trigger,
        Report = connection.Report, Begin = begin, End = end, RequestedAt = now, Status = HarvestStatus.Queued,
    };
}
