using System.Numerics;
using SharingLedger.Kernel.Arithmetic;

namespace SharingLedger.Kernel.CostSharing;

/// <summary>
/// Moving from the previous percentages to the rule's over <see cref="Years"/> years: in year t each
/// member's fraction is p_old + (t/N)·(p_new − p_old). A member with no previous percentage starts at 0.
/// p_old is the share before the phase-in began, the same figure in every year t, never last year's blend.
/// </summary>
/// <param name="Years">N, the length of the phase-in (at least 1).</param>
/// <param name="Year">t, the year being apportioned (1 to N; year N is the rule itself).</param>
/// <param name="PreviousPercentages">p_old by member id as percentages adding up to 100 (ignored when <paramref name="PreviousFractions"/> is given).</param>
/// <param name="PreviousFractions">p_old by member id as exact fractions adding up to one; see <see cref="FromShares"/>.</param>
public sealed record PhaseIn(int Years, int Year, IReadOnlyDictionary<string, decimal> PreviousPercentages,
    IReadOnlyDictionary<string, Fraction>? PreviousFractions = null)
{
    /// <summary>
    /// p_old from amounts (the shares of the term before the phase-in began): each member's amount over their
    /// sum, exactly, with no rounding to a number of places. Members with no or a zero amount start at 0.
    /// </summary>
    public static PhaseIn FromShares(int years, int year, IReadOnlyDictionary<string, Money.Money> sharesBeforePhaseIn)
    {
        var positive = sharesBeforePhaseIn.Where(s => s.Value.IsPositive).ToList();
        var sum = positive.Aggregate(BigInteger.Zero, (a, s) => a + s.Value.Minor);
        if (sum.IsZero) throw new CostSharingException([new("phaseIn.previousShares", "The shares before the phase-in add up to nothing; a phase-in needs a starting point.")]);
        var fractions = positive.ToDictionary(s => s.Key, s => new Fraction(s.Value.Minor, sum), StringComparer.Ordinal);
        return new PhaseIn(years, year, new Dictionary<string, decimal>(), fractions);
    }
}
