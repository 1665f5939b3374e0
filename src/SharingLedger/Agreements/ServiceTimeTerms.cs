using NodaTime;
using SharingLedger.Kernel.Lending;

namespace SharingLedger.Agreements;

/// <summary>
/// The agreed service times of lenders: one row per service level, or a row without a level for every level that has no
/// row of its own (a level with neither is not measured). Working days skip Saturdays, Sundays and the listed holidays.
/// </summary>
public sealed record ServiceTimeTerms(IReadOnlyList<ServiceTimeRow> Levels, IReadOnlyList<LocalDate>? Holidays = null)
{
    /// <summary>The times for a service level: its own row, else the row without a level, else none.</summary>
    public ServiceTimes? For(ServiceLevel level) =>
        ((Levels ?? []).FirstOrDefault(r => r?.ServiceLevel == level) ?? (Levels ?? []).FirstOrDefault(r => r is not null && r.ServiceLevel is null)) is { } row
            ? new ServiceTimes(row.AnswerWithinDays ?? 0, row.ShipWithinDays ?? 0)
            : null;

    public WorkingDays WorkingDays() => new(Holidays);
}

/// <summary>Answer within <paramref name="AnswerWithinDays"/> working days of the request and ship within <paramref name="ShipWithinDays"/>.</summary>
public sealed record ServiceTimeRow(ServiceLevel? ServiceLevel, int? AnswerWithinDays, int? ShipWithinDays);
