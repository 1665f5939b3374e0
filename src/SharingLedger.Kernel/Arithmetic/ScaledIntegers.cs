using System.Numerics;

namespace SharingLedger.Kernel.Arithmetic;

/// <summary>
/// Decimals rewritten as whole numbers at one common scale (e.g. 1.5 and 2.25 become 150 and 225), so
/// that ratios between them can be taken with whole-number arithmetic and no fraction reduced per value.
/// </summary>
public static class ScaledIntegers
{
    public static BigInteger[] Of(IReadOnlyList<decimal> values)
    {
        var scale = values.Count == 0 ? 0 : values.Max(v => (int)v.Scale);
        var result = new BigInteger[values.Count];
        for (var i = 0; i < values.Count; i++)
        {
            var bits = decimal.GetBits(values[i]);
            var mantissa = new BigInteger((uint)bits[0]) | (new BigInteger((uint)bits[1]) << 32) | (new BigInteger((uint)bits[2]) << 64);
            if (values[i] < 0m) mantissa = -mantissa;
            var up = scale - values[i].Scale;
            result[i] = up == 0 ? mantissa : mantissa * BigInteger.Pow(10, up);
        }
        return result;
    }
}
