using NodaTime;

namespace SharingLedger.Kernel.Lending;

/// <summary>A minimum of <paramref name="Supplies"/> supplies in any rolling window of <paramref name="WindowDays"/> days.</summary>
public sealed record SupplyMinimum(int Supplies, int WindowDays)
{
    /// <summary>The window of <see cref="WindowDays"/> days that ends on (and includes) <paramref name="asOf"/>.</summary>
    public DateInterval WindowEndingOn(LocalDate asOf) => new(asOf.PlusDays(1 - WindowDays), asOf);

    /// <summary>Counts the supplies dated in the window ending on <paramref name="asOf"/> and how many short of the minimum they are.</summary>
    public SupplyWindowCount Count(IEnumerable<LocalDate> supplyDates, LocalDate asOf)
    {
        var window = WindowEndingOn(asOf);
        var supplied = supplyDates.Count(window.Contains);
        return new SupplyWindowCount(window.Start, window.End, supplied, Supplies, Math.Max(0, Supplies - supplied));
    }
}

/// <summary>Supplies in one window against the minimum; <see cref="FallsShort"/> when <see cref="Shortfall"/> is above zero.</summary>
public sealed record SupplyWindowCount(LocalDate WindowStart, LocalDate WindowEnd, int Supplied, int Minimum, int Shortfall)
{
    public bool FallsShort => Shortfall > 0;
}
