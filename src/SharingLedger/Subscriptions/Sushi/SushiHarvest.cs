using NodaTime;

namespace SharingLedger.Subscriptions.Sushi;

public enum HarvestStatus { Queued, Retrying, Imported, NoUsage, Failed, GaveUp }

public enum AttemptOutcome { Imported, NoUsage, Retry, Failed, GaveUp }

/// <summary>
/// One harvest of a SUSHI report (a run of the monthly schedule or a "harvest now") and the outcome of every attempt:
/// the HTTP status, the COUNTER exception's code and message, what the import recorded, and when the next attempt is due.
/// Finance reads these as the harvest log.
/// </summary>
public sealed class SushiHarvest
{
    public Guid Id { get; set; }
    public Guid ConsortiumId { get; set; }
    public Guid SubscriptionId { get; set; }
    /// <summary>monthly or manual.</summary>
    public string Trigger { get; set; } = "";
    public string Report { get; set; } = "";
    public LocalDate Begin { get; set; }
    public LocalDate End { get; set; }
    public Instant RequestedAt { get; set; }
    public HarvestStatus Status { get; set; }
    public Instant? NextAttemptAt { get; set; }
    public List<SushiAttempt> Attempts { get; set; } = [];

    public bool IsFinished => Status is not (HarvestStatus.Queued or HarvestStatus.Retrying);
}

/// <summary>One call to the vendor and what came of it.</summary>
public sealed record SushiAttempt(int Number, Instant At, AttemptOutcome Outcome, int? HttpStatus, int? ExceptionCode,
    string? ExceptionMessage, string Detail, int Recorded, int AlreadyRecorded, IReadOnlyList<string> Notes);
