using NodaTime;
using NodaTime.Text;

namespace SharingLedger.Audit;

/// <summary>One closing or reopening of a period, as recorded.</summary>
public sealed record PeriodAct(string Action, Instant At, string By, ChainDigest? Digest, long? EventLogSequence, string? Reason);

/// <summary>A period that has been closed at least once: whether it is closed now, and its closings and reopenings.</summary>
public sealed class PeriodRecord
{
    public string Period { get; set; } = "";
    public bool Closed { get; set; }
    public List<PeriodAct> History { get; set; } = [];
}

/// <summary>
/// A consortium's fiscal periods that were ever closed (inline snapshot of its periods stream,
/// <see cref="Infrastructure.StreamIds.FiscalPeriods"/>). A period not listed has never been closed, so is open.
/// </summary>
public sealed class FiscalPeriods
{
    public Guid Id { get; set; }
    public Guid ConsortiumId { get; set; }
    public int Version { get; set; }
    public List<PeriodRecord> Periods { get; set; } = [];

    public static FiscalPeriods Create(PeriodClosed e)
    {
        var periods = new FiscalPeriods { ConsortiumId = e.ConsortiumId };
        periods.Apply(e);
        return periods;
    }

    /// <summary>
    /// A deep copy, to show the state after a new event without touching the instance Marten fetched for writing (its inline
    /// projection applies the appended events to that one at the commit).
    /// </summary>
    public static FiscalPeriods CopyOf(FiscalPeriods? source) => source is null ? new FiscalPeriods() : new FiscalPeriods
    {
        Id = source.Id, ConsortiumId = source.ConsortiumId, Version = source.Version,
        Periods = source.Periods.Select(r => new PeriodRecord { Period = r.Period, Closed = r.Closed, History = [.. r.History] }).ToList(),
    };

    public void Apply(PeriodClosed e)
    {
        var record = Find(e.Period);
        if (record is null) Periods.Add(record = new PeriodRecord { Period = e.Period });
        record.Closed = true;
        record.History.Add(new PeriodAct("closed", e.ClosedAt, e.ClosedBy, e.Digest, e.EventLogSequence, null));
    }

    public void Apply(PeriodReopened e)
    {
        var record = Find(e.Period);
        if (record is null) return;
        record.Closed = false;
        record.History.Add(new PeriodAct("reopened", e.ReopenedAt, e.ReopenedBy, null, null, e.Reason));
    }

    public PeriodRecord? Find(string period) => Periods.FirstOrDefault(p => p.Period == period);

    public bool IsClosed(YearMonth period) => Find(PeriodRules.Format(period))?.Closed == true;

    /// <summary>The periods closed now (not reopened since), for <see cref="PeriodRules.PostingPeriodFor"/>.</summary>
    public IReadOnlyList<YearMonth> ClosedPeriods() =>
        Periods.Where(p => p.Closed).Select(p => YearMonthPattern.Iso.Parse(p.Period).Value).Order().ToList();
}
