using NodaTime;

namespace SharingLedger.Subscriptions.Sushi;

/// <summary>
/// How the ledger harvests a subscription's usage from the vendor's COUNTER_SUSHI API: the endpoint, the customer (and
/// optionally platform) the vendor knows the consortium by, and the requestor id and API key, which are kept only in
/// their Data Protection form (<see cref="SushiSecrets"/>) and never answered. One per subscription (its id is the
/// subscription's), a document rather than events: it is configuration holding secrets, which an immutable log must not keep.
/// </summary>
public sealed class SushiConnection
{
    public Guid Id { get; set; }
    public Guid ConsortiumId { get; set; }
    public string BaseUrl { get; set; } = "";
    public string CustomerId { get; set; } = "";
    public string? Platform { get; set; }
    /// <summary>tr, dr or pr: the report that names the subscription's resource.</summary>
    public string Report { get; set; } = "tr";
    /// <summary>The day of the month (1–28, UTC, 03:00) on which the previous month is harvested.</summary>
    public int HarvestDay { get; set; }
    public string? ProtectedRequestorId { get; set; }
    public string? ProtectedApiKey { get; set; }
    /// <summary>The monthly schedule's identity: a scheduled run carrying another one was replaced and does nothing.</summary>
    public Guid ScheduleId { get; set; }
    public Instant NextHarvestAt { get; set; }
    /// <summary>The last month the schedule harvested, so a run delivered twice harvests once.</summary>
    public LocalDate? LastScheduledMonth { get; set; }
    public Instant SetAt { get; set; }

    public SushiConnectionView View() => new(Id, BaseUrl, CustomerId, Platform, Report, HarvestDay,
        ProtectedRequestorId is not null, ProtectedApiKey is not null, NextHarvestAt, SetAt);
}

/// <summary>A SUSHI connection as answered: whether a requestor id and an API key are set, never their values.</summary>
public sealed record SushiConnectionView(Guid SubscriptionId, string BaseUrl, string CustomerId, string? Platform, string Report,
    int HarvestDay, bool RequestorIdSet, bool ApiKeySet, Instant NextHarvestAt, Instant SetAt);
