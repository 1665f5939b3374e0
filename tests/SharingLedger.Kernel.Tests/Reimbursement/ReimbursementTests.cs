using CsCheck;
using SharingLedger.Kernel.Arithmetic;
using SharingLedger.Kernel.CostSharing;
using SharingLedger.Kernel.Reimbursement;
using M = SharingLedger.Kernel.Money.Money;

namespace SharingLedger.Kernel.Tests.Reimbursement;

public class ReimbursementTests
{
    private static readonly LendingCounts[] Brief = [new("A", 6000, 2000), new("B", 3000, 3500), new("C", 1000, 500)];

    [Fact]
    public void The_parts_explain_the_payment()
    {
        var result = NetLenderReimbursement.Compute(M.Parse("100000.00", "USD"), 0.5m, Brief);
        var a = result.For("A");
        Assert.Equal(new Fraction(3_000_000), a.PerLoanPartMinor);          // 50000.00 · 6000/10000
        Assert.Equal(new Fraction(5_000_000L * 4000, 4500), a.NetLendingPartMinor); // 50000.00 · 4000/4500
        Assert.Equal(Fraction.Zero, result.For("B").NetLendingPartMinor);   // a net borrower
        Assert.True(result.Unspent.IsZero);
    }

    [Fact]
    public void Without_a_net_lender_the_net_part_is_unspent_not_lost()
    {
        var result = NetLenderReimbursement.Compute(new M(1000, "USD"), 0.5m, [new("A", 10, 10), new("B", 0, 5)]);
        Assert.Equal(500, result.For("A").Amount.Minor);
        Assert.Equal(new M(500, "USD"), result.Unspent);
    }

    [Fact]
    public void Pool_shares_and_unspent_always_add_up_to_the_pool()
    {
        Gen.Select(Gen.Long[0, 100_000_000], Gen.Int[0, 100], Gen.Select(Gen.Long[0, 5000], Gen.Long[0, 5000]).Array[1, 12])
            .Sample((pool, percent, counts) =>
            {
                var members = counts.Select((c, i) => new LendingCounts($"L{i}", c.Item1, c.Item2)).ToList();
                var result = NetLenderReimbursement.Compute(new M(pool, "USD"), percent / 100m, members);
                Assert.Equal(pool, result.Shares.Sum(s => s.Amount.Minor) + result.Unspent.Minor);
                Assert.All(result.Shares.Where(s => s.Counts.NetLending <= 0), s => Assert.True(s.NetLendingPartMinor.IsZero));
            }, iter: 300);
    }

    [Fact]
    public void Per_loan_reimbursement_is_capped_at_documented_costs()
    {
        var payments = PerLoanReimbursement.Compute(new M(250, "USD"),
            [new PerLoanClaim("A", 100, new M(20000, "USD")), new PerLoanClaim("B", 100, new M(30000, "USD")), new PerLoanClaim("C", 10)]);
        Assert.Equal([20000L, 25000L, 2500L], payments.Select(p => p.Amount.Minor));
        Assert.Equal([true, false, false], payments.Select(p => p.CappedAtCost));
    }
}
