namespace SharingLedger.Kernel.Lending;

/// <summary>
/// A member's allowance of free document-delivery pages per period, drawn by its copies in the order they are delivered:
/// the pages of a copy that are not already free per copy come out of what is left, and only the rest are billed.
/// </summary>
public static class PageAllowance
{
    /// <summary>Splits <paramref name="chargeablePages"/> into pages taken from the <paramref name="left"/> allowance and pages billed.</summary>
    public static (int FromAllowance, int Billed) Draw(int chargeablePages, int left)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(chargeablePages);
        var taken = Math.Clamp(left, 0, chargeablePages);
        return (taken, chargeablePages - taken);
    }

    /// <summary>What is left of an <paramref name="allowance"/> after <paramref name="used"/> pages (never below zero).</summary>
    public static int Left(int allowance, int used) => Math.Max(0, allowance - used);
}
