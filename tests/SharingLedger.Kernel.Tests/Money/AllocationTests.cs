using CsCheck;
using SharingLedger.Kernel.Arithmetic;
using SharingLedger.Kernel.Money;
using M = SharingLedger.Kernel.Money.Money;

namespace SharingLedger.Kernel.Tests.Money;

public class AllocationTests
{
    [Fact]
    public void Equal_thirds_give_the_odd_cent_to_the_first_key()
    {
        var shares = new M(10000, "CNY").Allocate([new("C", 1), new("A", 1), new("B", 1)]);
        Assert.Equal(["A", "B", "C"], shares.Select(s => s.Key));
        Assert.Equal([3334L, 3333L, 3333L], shares.Select(s => s.Amount.Minor));
        Assert.Equal([1L, 0L, 0L], shares.Select(s => s.RoundingAdjustmentMinor));
    }

    [Fact]
    public void Largest_remainder_wins_over_key_order()
    {
        // exact: A 1.2, B 1.8 -> B has the larger remainder
        var shares = new M(3, "USD").Allocate([new("A", new Fraction(2, 5)), new("B", new Fraction(3, 5))]);
        Assert.Equal([1L, 2L], shares.Select(s => s.Amount.Minor));
    }

    [Fact]
    public void Negative_amounts_split_like_positive_ones()
    {
        var shares = new M(-100, "USD").Allocate([new("A", 1), new("B", 1), new("C", 1)]);
        Assert.Equal([-34L, -33L, -33L], shares.Select(s => s.Amount.Minor));
    }

    [Fact]
    public void Refuses_weights_that_give_no_basis()
    {
        Assert.Throws<ArgumentException>(() => new M(100, "USD").Allocate([new("A", 0), new("B", 0)]));
        Assert.Throws<ArgumentException>(() => new M(100, "USD").Allocate([]));
        Assert.Throws<ArgumentException>(() => new M(100, "USD").Allocate([new("A", -1), new("B", 2)]));
        Assert.Throws<ArgumentException>(() => new M(100, "USD").Allocate([new("A", 1), new("A", 2)]));
    }

    private static readonly Gen<(long Total, AllocationWeight[] Weights)> Cases =
        Gen.Select(
            Gen.Long[-10_000_000_000, 10_000_000_000],
            Gen.Int[0, 1_000_000].Array[1, 40],
            (total, raw) =>
            {
                var weights = raw.Select((w, i) => new AllocationWeight($"m{i:D3}", w)).ToArray();
                if (raw.All(w => w == 0)) weights[0] = weights[0] with { Weight = 1 };
                return (total, weights);
            });

    [Fact]
    public void Shares_always_add_up_to_the_total()
    {
        Cases.Sample(c =>
        {
            var shares = new M(c.Total, "USD").Allocate(c.Weights);
            return shares.Sum(s => s.Amount.Minor) == c.Total;
        });
    }

    [Fact]
    public void Each_share_is_within_one_minor_unit_of_its_exact_value()
    {
        Cases.Sample(c =>
        {
            var sum = c.Weights.Aggregate(Fraction.Zero, (a, w) => a + w.Weight);
            var shares = new M(c.Total, "USD").Allocate(c.Weights).ToDictionary(s => s.Key);
            return c.Weights.All(w =>
            {
                var exact = new Fraction(c.Total) * w.Weight / sum;
                var diff = new Fraction(shares[w.Key].Amount.Minor) - exact;
                return diff > new Fraction(-1) && diff < Fraction.One && shares[w.Key].ExactMinor == exact;
            });
        });
    }

    [Fact]
    public void Input_order_does_not_matter()
    {
        Cases.SelectMany(c => Gen.Shuffle(c.Weights).Select(shuffled => (c, shuffled))).Sample(x =>
        {
            var original = new M(x.c.Total, "USD").Allocate(x.c.Weights);
            var permuted = new M(x.c.Total, "USD").Allocate(x.shuffled);
            return original.SequenceEqual(permuted);
        });
    }
}
