using NodaTime;

namespace SharingLedger.Audit;

/// <summary>
/// The council's auditor closed a monthly fiscal period. <see cref="Digest"/> is the hash chain's head when it was
/// closed (the highest chained sequence and its hash), published as the period's digest; null only when nothing
/// had been chained yet. <see cref="EventLogSequence"/> is the highest sequence in the event log at that moment
/// (the chain may trail it by the daemon's lag).
/// </summary>
public sealed record PeriodClosed(
    Guid ConsortiumId, string Period, LocalDate Start, LocalDate End, int FiscalYear,
    ChainDigest? Digest, long EventLogSequence, string ClosedBy, Instant ClosedAt);

/// <summary>The council's auditor reopened a closed period, for the reason given.</summary>
public sealed record PeriodReopened(Guid ConsortiumId, string Period, string Reason, string ReopenedBy, Instant ReopenedAt);
