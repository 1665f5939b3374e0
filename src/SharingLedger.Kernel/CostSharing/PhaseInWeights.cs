using SharingLedger.Kernel.Arithmetic;

namespace SharingLedger.Kernel.CostSharing;

/// <summary>p_t = p_old + (t/N)·(p_new − p_old), exactly; the blended fractions still add up to one.</summary>
internal static class PhaseInWeights
{
    public static Dictionary<string, Fraction> Blend(IReadOnlyDictionary<string, Fraction> target, PhaseIn phaseIn)
    {
        var progress = new Fraction(phaseIn.Year, phaseIn.Years);
        return target.ToDictionary(t => t.Key, t =>
        {
            var previous = Previous(phaseIn, t.Key);
            return previous + progress * (t.Value - previous);
        }, StringComparer.Ordinal);
    }

    /// <summary>p_old: the member's previous fraction, zero for a member that had none.</summary>
    public static Fraction Previous(PhaseIn phaseIn, string memberId)
    {
        if (phaseIn.PreviousFractions is { } fractions) return fractions.TryGetValue(memberId, out var f) ? f : Fraction.Zero;
        return phaseIn.PreviousPercentages.TryGetValue(memberId, out var p) ? Fraction.FromDecimal(p) / new Fraction(100) : Fraction.Zero;
    }
}
