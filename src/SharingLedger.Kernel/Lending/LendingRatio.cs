using SharingLedger.Kernel.Arithmetic;

namespace SharingLedger.Kernel.Lending;

/// <summary>
/// An agreed target of loans supplied to loans borrowed, as a ratio of whole numbers (1:1 means at least one supplied for
/// each borrowed; 2:3 at least two for every three). Compared exactly by cross-multiplication, never in floating point.
/// </summary>
public sealed record LendingRatio(long Supplied, long Borrowed)
{
    /// <summary>The target as an exact fraction supplied/borrowed.</summary>
    public Fraction AsFraction() => new(Supplied, Borrowed);

    /// <summary>The member's actual ratio supplied/borrowed; null when it borrowed nothing (no ratio: any supply meets the target).</summary>
    public static Fraction? Actual(long supplied, long borrowed) => borrowed == 0 ? null : new Fraction(supplied, borrowed);

    /// <summary>Met when supplied/borrowed ≥ the target, that is supplied·Borrowed ≥ borrowed·Supplied; always met when nothing was borrowed.</summary>
    public bool IsMetBy(long supplied, long borrowed) =>
        (System.Numerics.BigInteger)supplied * Borrowed >= (System.Numerics.BigInteger)borrowed * Supplied;

    /// <summary>How many more supplies (with the same borrowing) would meet the target: the least s ≥ 0 with (supplied+s)·Borrowed ≥ borrowed·Supplied.</summary>
    public long SuppliesShort(long supplied, long borrowed)
    {
        var needed = ((System.Numerics.BigInteger)borrowed * Supplied + Borrowed - 1) / Borrowed; // ceiling
        return (long)System.Numerics.BigInteger.Max(0, needed - supplied);
    }

    public override string ToString() => $"{Supplied}:{Borrowed}";
}
