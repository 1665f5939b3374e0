using System.Numerics;

namespace SharingLedger.Kernel.Money;

/// <summary>
/// The one rounding step. Each party's exact amount in minor units is <c>numerators[i] / denominator</c>
/// (not negative); together they make a whole number of minor units. Every party gets the floor of its
/// exact amount, and the units left over go one each to the largest remainders, ties to the party with
/// the lowest tie rank (callers rank member ids in ordinal order). A party with an exact whole amount
/// never gets a unit, so a member pinned at a whole-unit cap can never be rounded above it.
/// </summary>
public static class LargestRemainder
{
    public static RoundedAmounts Round(IReadOnlyList<BigInteger> numerators, BigInteger denominator, IReadOnlyList<int> tieRank) =>
        Round(numerators as BigInteger[] ?? numerators.ToArray(), denominator, tieRank);

    /// <summary>The same on any whole-number type, so that callers whose figures fit can use <see cref="Int128"/>.</summary>
    public static RoundedAmounts Round<T>(T[] numerators, T denominator, IReadOnlyList<int> tieRank) where T : IBinaryInteger<T>
    {
        if (!T.IsPositive(denominator)) throw new ArgumentOutOfRangeException(nameof(denominator), "The denominator must be positive.");
        if (tieRank.Count != numerators.Length) throw new ArgumentException("One tie rank per party.", nameof(tieRank));
        var count = numerators.Length;
        var floors = new long[count];
        var remainders = new T[count];
        var sum = T.Zero;
        var floorSum = 0L;
        var candidates = new List<int>();
        for (var i = 0; i < count; i++)
        {
            if (T.IsNegative(numerators[i])) throw new ArgumentException("Exact amounts cannot be negative.", nameof(numerators));
            var (quotient, remainder) = T.DivRem(numerators[i], denominator);
            remainders[i] = remainder;
            floors[i] = long.CreateChecked(quotient);
            sum = checked(sum + numerators[i]);
            floorSum = checked(floorSum + floors[i]);
            if (!T.IsZero(remainder)) candidates.Add(i);
        }
        var (whole, rest) = T.DivRem(sum, denominator);
        if (!T.IsZero(rest)) throw new ArgumentException("The exact amounts do not add up to whole minor units.", nameof(numerators));
        var leftOver = checked((int)(long.CreateChecked(whole) - floorSum));

        var roundedUp = new bool[count];
        if (leftOver > 0)
        {
            candidates.Sort((a, b) =>
            {
                var byRemainder = remainders[b].CompareTo(remainders[a]);
                return byRemainder != 0 ? byRemainder : tieRank[a].CompareTo(tieRank[b]);
            });
            for (var k = 0; k < leftOver; k++)
            {
                roundedUp[candidates[k]] = true;
                floors[candidates[k]]++;
            }
        }
        return new RoundedAmounts(floors, roundedUp);
    }

    /// <summary>Each key's position in ordinal order: the tie ranks that make ties go to the id that sorts first.</summary>
    public static int[] OrdinalRanks(IReadOnlyList<string> keys)
    {
        var order = Enumerable.Range(0, keys.Count).ToArray();
        Array.Sort(order, (a, b) => string.CompareOrdinal(keys[a], keys[b]));
        var ranks = new int[keys.Count];
        for (var position = 0; position < order.Length; position++) ranks[order[position]] = position;
        return ranks;
    }
}

/// <summary>Whole minor units per party, and whether rounding added the party's extra unit.</summary>
public sealed record RoundedAmounts(IReadOnlyList<long> Minor, IReadOnlyList<bool> RoundedUp);
