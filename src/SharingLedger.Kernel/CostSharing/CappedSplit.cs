using System.Numerics;

namespace SharingLedger.Kernel.CostSharing;

/// <summary>Where a member's exact share ended up: as the rule gave it, or pinned at its cap or floor.</summary>
public enum SharePin
{
    Free,
    Cap,
    Floor,
}

/// <summary>
/// Exact shares of a whole total under caps and floors. Member i's weight is <c>weights[i]</c> over a
/// common denominator. The result is s_i = clamp(λ·w_i, floor_i, cap_i) with one λ chosen so that the
/// shares add up to the total: a capped member is pinned at its cap and the excess goes to the free
/// members in proportion to their weights (the same rule), repeated until nobody is over or under.
/// When every member who could carry more is capped, what remains is the shortfall.
/// </summary>
/// <remarks>
/// Each round computes λ = T_F / Σ_F w over the free members F, then sums the excess E of those over
/// their caps and the deficit D of those under their floors. If E &gt; D the true λ is larger, so the
/// members over their caps stay over and are pinned for good; if D &gt; E, symmetrically, those under
/// their floors are pinned; if E = D both are. Every round pins at least one member, so there are at most
/// n rounds, and usually two or three. All arithmetic is on whole numbers scaled by Σ_F w.
/// </remarks>
public static class CappedSplit
{
    public sealed record Result(
        IReadOnlyList<BigInteger> Numerators,
        BigInteger Denominator,
        IReadOnlyList<SharePin> Pins,
        BigInteger Shortfall,
        int Rounds);

    internal sealed record Result<T>(T[] Numerators, T Denominator, SharePin[] Pins, T Shortfall, int Rounds);

    public static Result Split(BigInteger total, IReadOnlyList<BigInteger> weights, IReadOnlyList<long?> caps, IReadOnlyList<long?> floors)
    {
        var r = Split(total, weights as BigInteger[] ?? weights.ToArray(), caps, floors);
        return new Result(r.Numerators, r.Denominator, r.Pins, r.Shortfall, r.Rounds);
    }

    /// <summary>
    /// Whether every product and sum the split forms stays within 126 bits, so that it can run on
    /// <see cref="Int128"/> instead of <see cref="BigInteger"/> (checked arithmetic guards it anyway).
    /// </summary>
    internal static bool FitsInt128(BigInteger total, BigInteger sumOfWeights, int count, IReadOnlyList<long?> caps, IReadOnlyList<long?> floors)
    {
        var largest = total.GetBitLength();
        foreach (var c in caps) if (c is { } v) largest = Math.Max(largest, BitLength(v));
        foreach (var f in floors) if (f is { } v) largest = Math.Max(largest, BitLength(v));
        return largest + sumOfWeights.GetBitLength() + BitLength(count) + 2 <= 126;

        static long BitLength(long v) => 64 - BitOperations.LeadingZeroCount(v == long.MinValue ? ulong.MaxValue : (ulong)Math.Abs(v));
    }

    internal static Result<T> Split<T>(T total, T[] w, IReadOnlyList<long?> caps, IReadOnlyList<long?> floors) where T : IBinaryInteger<T>
    {
        var n = w.Length;
        var cap = caps.Select(c => c is { } v ? T.CreateChecked(v) : (T?)default).ToArray();
        var hasCap = caps.Select(c => c is not null).ToArray();
        var floor = floors.Select(f => f is { } v ? T.CreateChecked(v) : (T?)default).ToArray();
        var hasFloor = floors.Select(f => f is not null).ToArray();
        var pins = new SharePin[n];
        var free = Enumerable.Range(0, n).ToArray();
        var freeCount = n;
        var remaining = total;
        var weightOfFree = T.Zero;
        foreach (var x in w) weightOfFree = checked(weightOfFree + x);
        var rounds = 0;

        var over = new List<int>();
        var under = new List<int>();
        while (!T.IsZero(weightOfFree))
        {
            over.Clear();
            under.Clear();
            T excess = T.Zero, deficit = T.Zero;
            for (var k = 0; k < freeCount; k++)
            {
                var i = free[k];
                if (!hasCap[i] && !hasFloor[i]) continue;
                var scaledShare = checked(remaining * w[i]); // the exact share times Σ_F w
                if (hasCap[i] && scaledShare > checked(cap[i]! * weightOfFree))
                {
                    over.Add(i);
                    excess = checked(excess + scaledShare - cap[i]! * weightOfFree);
                }
                else if (hasFloor[i] && scaledShare < checked(floor[i]! * weightOfFree))
                {
                    under.Add(i);
                    deficit = checked(deficit + floor[i]! * weightOfFree - scaledShare);
                }
            }
            if (over.Count == 0 && under.Count == 0) break;
            rounds++;
            var cmp = excess.CompareTo(deficit);
            if (cmp >= 0) Pin(over, SharePin.Cap, cap);
            if (cmp <= 0) Pin(under, SharePin.Floor, floor);
            var kept = 0;
            for (var k = 0; k < freeCount; k++)
                if (pins[free[k]] == SharePin.Free) free[kept++] = free[k];
            freeCount = kept;
        }

        var shortfall = T.Zero;
        if (T.IsZero(weightOfFree))
        {
            // Nobody left can carry more by the rule: free members of weight zero pay their floor (or
            // nothing), and what remains is the shortfall.
            for (var k = 0; k < freeCount; k++)
            {
                var i = free[k];
                if (hasFloor[i] && T.IsPositive(floor[i]!)) { pins[i] = SharePin.Floor; remaining -= floor[i]!; }
            }
            shortfall = remaining;
            remaining = T.Zero;
            if (T.IsNegative(shortfall)) throw new InvalidOperationException("Floors exceed the total; validation should have refused them.");
        }

        var denominator = T.IsZero(weightOfFree) ? T.One : weightOfFree;
        var numerators = new T[n];
        for (var i = 0; i < n; i++)
        {
            numerators[i] = pins[i] switch
            {
                SharePin.Cap => checked(cap[i]! * denominator),
                SharePin.Floor => checked(floor[i]! * denominator),
                _ => checked(remaining * w[i]),
            };
        }
        return new Result<T>(numerators, denominator, pins, shortfall, rounds);

        void Pin(List<int> members, SharePin pin, T?[] amounts)
        {
            foreach (var i in members)
            {
                pins[i] = pin;
                remaining -= amounts[i]!;
                weightOfFree -= w[i];
            }
        }
    }
}
