using NodaTime;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure;
using SharingLedger.Infrastructure.Http;

namespace SharingLedger.Audit;

/// <summary>What a closing records besides the periods: the hash chain's head and the event log's highest sequence, read when it was decided.</summary>
public sealed record ClosingFacts(ChainDigest? Digest, long EventLogSequence);

/// <summary>
/// Closing and reopening a monthly period, free of HTTP and storage: given the consortium's periods (null before the
/// first closing), the period and who acts, the event or why none (409 for the period's state, 422 for a rule).
/// </summary>
public static class PeriodDecisions
{
    public static Decision Close(FiscalPeriods? periods, YearMonth month, Consortium consortium, ClosingFacts facts, LocalDate today, string who, Instant now)
    {
        if (periods?.IsClosed(month) == true) return new Decision.Conflict($"The period {PeriodRules.Format(month)} is already closed.");
        var dates = PeriodRules.Dates(month);
        if (dates.End >= today)
            return new Decision.Invalid([new FieldError("period",
                $"{PeriodRules.Format(month)} is not over yet (today is {today:uuuu-MM-dd}); close it from the first day after it.")]);
        return Decision.Accept(new PeriodClosed(consortium.Id, PeriodRules.Format(month), dates.Start, dates.End,
            consortium.Calendar().YearOf(dates.Start), facts.Digest, facts.EventLogSequence, who, now));
    }

    public static Decision Reopen(FiscalPeriods? periods, YearMonth month, Guid consortiumId, ReopenPeriod command, string who, Instant now)
    {
        if (periods?.IsClosed(month) != true)
            return new Decision.Conflict($"The period {PeriodRules.Format(month)} is open; only a closed period can be reopened.");
        var v = new Validation().NotBlank(command.Reason, "reason", 1000);
        return Decision.AcceptUnless(v, () => new PeriodReopened(consortiumId, PeriodRules.Format(month), command.Reason!.Trim(), who, now));
    }
}
