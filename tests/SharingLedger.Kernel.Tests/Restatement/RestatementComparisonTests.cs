using SharingLedger.Kernel.Money;
using SharingLedger.Kernel.Restatement;
using M = SharingLedger.Kernel.Money.Money;

namespace SharingLedger.Kernel.Tests.Restatement;

public class RestatementComparisonTests
{
    private static Dictionary<string, M> Amounts(params (string Party, long Minor)[] amounts) =>
        amounts.ToDictionary(a => a.Party, a => new M(a.Minor, "USD"));

    [Fact]
    public void Every_party_of_either_side_gets_a_line_and_a_missing_side_counts_as_zero()
    {
        var lines = RestatementComparison.Compare(Amounts(("B", 5000), ("A", 5000)), Amounts(("A", 7000), ("C", 500)), "USD");

        Assert.Equal(["A", "B", "C"], lines.Select(l => l.Party));
        // A: 50.00 -> 70.00 (+20.00); B: 50.00 -> 0 (-50.00, it no longer pays); C: 0 -> 5.00
        Assert.Equal([2000L, -5000L, 500L], lines.Select(l => l.Difference.Minor));
        Assert.Equal([5000L, 5000L, 0L], lines.Select(l => l.Before.Minor));
        Assert.Equal([7000L, 0L, 500L], lines.Select(l => l.After.Minor));
    }

    [Fact]
    public void The_differences_add_up_to_the_change_of_the_total()
    {
        var lines = RestatementComparison.Compare(Amounts(("A", 3334), ("B", 3333), ("C", 3333)), Amounts(("A", 6000), ("B", 3000), ("C", 3000)), "USD");

        var (before, after, difference) = RestatementComparison.Totals(lines, "USD");

        Assert.Equal((10000L, 12000L, 2000L), (before.Minor, after.Minor, difference.Minor));
        Assert.Equal(difference.Minor, lines.Sum(l => l.Difference.Minor));
    }

    [Fact]
    public void Unchanged_amounts_give_zero_differences()
    {
        var same = Amounts(("A", 100), ("B", 200));
        Assert.All(RestatementComparison.Compare(same, same, "USD"), l => Assert.True(l.Difference.IsZero));
    }

    [Fact]
    public void Amounts_in_another_currency_are_refused()
    {
        Assert.Throws<CurrencyMismatchException>(() =>
            RestatementComparison.Compare(Amounts(("A", 100)), new Dictionary<string, M> { ["A"] = new(100, "EUR") }, "USD"));
    }
}
