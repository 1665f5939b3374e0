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

    public static Result Split(BigInteger total, IReadOnlyList<BigInteger> weights, IReadOnlyList<long?> caps, IReadOnlyList<long?> floors)
    {
        var n = weights.Count;
        var pins = new SharePin[n];
        var free = new List<int>(Enumerable.Range(0, n));
        var remaining = total;
        var weightOfFree = weights.Aggregate(BigInteger.Zero, (acc, w) => acc + w);
        var rounds = 0;

        var over = new List<int>();
        var under = new List<int>();
        while (!weightOfFree.IsZero)
        {
            over.Clear();
            under.Clear();
            BigInteger excess = BigInteger.Zero, deficit = BigInteger.Zero;
            foreach (var i in free)
            {
                var scaledShare = remaining * weights[i]; // the exact share times Σ_F w
                if (caps[i] is { } cap && scaledShare > cap * weightOfFree)
                {
                    over.Add(i);
                    excess += scaledShare - cap * weightOfFree;
                }
                else if (floors[i] is { } floor && scaledShare < floor * weightOfFree)
                {
                    under.Add(i);
                    deficit += floor * weightOfFree - scaledShare;
                }
            }
            if (over.Count == 0 && under.Count == 0) break;
            rounds++;
            var cmp = excess.CompareTo(deficit);
            if (cmp >= 0) Pin(over, SharePin.Cap, caps);
            if (cmp <= 0) Pin(under, SharePin.Floor, floors);
            free.RemoveAll(i => pins[i] != SharePin.Free);
        }

        var shortfall = BigInteger.Zero;
        if (weightOfFree.IsZero)
        {
            // Nobody left can carry more by the rule: free members of weight zero pay their floor (or
            // nothing), and what remains is the shortfall.
            foreach (var i in free)
            {
                if (floors[i] is > 0 and var floor) { pins[i] = SharePin.Floor; remaining -= floor; }
            }
            shortfall = remaining;
            remaining = BigInteger.Zero;
            if (shortfall.Sign < 0) throw new InvalidOperationException("Floors exceed the total; validation should have refused them.");
        }

        var denominator = weightOfFree.IsZero ? BigInteger.One : weightOfFree;
        var numerators = new BigInteger[n];
        for (var i = 0; i < n; i++)
        {
            numerators[i] = pins[i] switch
            {
                SharePin.Cap => caps[i]!.Value * denominator,
                SharePin.Floor => floors[i]!.Value * denominator,
                _ => remaining * weights[i],
            };
        }
        return new Result(numerators, denominator, pins, shortfall, rounds);

        void Pin(List<int> members, SharePin pin, IReadOnlyList<long?> amounts)
        {
            foreach (var i in members)
            {
                pins[i] = pin;
                remaining -= amounts[i]!.Value;
                weightOfFree -= weights[i];
            }
        }
    }
}
