using CsCheck;
using SharingLedger.Kernel.Clearing;
using M = SharingLedger.Kernel.Money.Money;

namespace SharingLedger.Kernel.Tests.Clearing;

public class ClearingProperties
{
    public sealed record Input(IReadOnlyList<string> Members, IReadOnlyList<IllCharge> Charges, ClearingTerms Terms)
    {
        public override string ToString() =>
            $"fee {Terms.TransactionFee}, groups [{string.Join(" | ", Terms.ReciprocalGroups!.Select(g => string.Join(",", g)))}], charges [" +
            string.Join("; ", Charges.Select(c => $"{c.Borrower}<-{c.Lender} {c.Charge.Minor} max {c.MaxCost?.Minor} acc {c.ConditionAccepted}")) + "]";
    }

    private static readonly Gen<Input> Inputs =
        Gen.Select(Gen.Int[2, 8], Gen.Long[0, 50], Gen.Int[0, 3].Array[8])
            .SelectMany(t => Gen.Select(Gen.Int[0, 7], Gen.Int[1, 7], Gen.Long[0, 5000], Gen.Int[0, 2], Gen.Long[0, 5000], Gen.Bool).Array[0, 30]
                .Select(raw =>
                {
                    var (n, fee, groupOf) = t;
                    var members = Enumerable.Range(0, n).Select(i => $"L{i}").ToList();
                    var groups = Enumerable.Range(1, 3)
                        .Select(g => (IReadOnlyList<string>)members.Where((_, i) => groupOf[i] == g).ToList())
                        .Where(g => g.Count > 1).ToList();
                    var charges = raw.Select(r =>
                    {
                        var borrower = r.Item1 % n;
                        var lender = (borrower + r.Item2 % (n - 1) + 1) % n; // never the borrower
                        return new IllCharge(members[borrower], members[lender], new M(r.Item3, "USD"),
                            r.Item4 == 0 ? null : new M(r.Item5, "USD"), r.Item6);
                    }).ToList();
                    return new Input(members, charges, new ClearingTerms(new M(fee, "USD"), groups));
                }));

    private static ClearingStatement Run(Input i, IEnumerable<IllCharge>? charges = null) =>
        MonthlyClearing.Clear(i.Members, (charges ?? i.Charges).ToList(), i.Terms);

    private static List<long> Nets(ClearingStatement s) => [.. s.Positions.Select(p => p.Net.Minor), s.Fund.Minor];

    private static bool Reciprocal(Input i, IllCharge c) => i.Terms.ReciprocalGroups!.Any(g => g.Contains(c.Borrower) && g.Contains(c.Lender));

    [Fact]
    public void Positions_and_the_fund_add_up_to_zero()
    {
        Inputs.Sample(i =>
        {
            var s = Run(i);
            Assert.Equal(0, s.Positions.Sum(p => p.Net.Minor) + s.Fund.Minor);
            Assert.Equal(i.Terms.TransactionFee.Minor * s.Charges.Count(c => c.Outcome == ChargeOutcome.Billed), s.Fund.Minor);
        }, iter: 400);
    }

    [Fact]
    public void Reciprocal_partners_never_pay_each_other()
    {
        Inputs.Sample(i =>
        {
            var s = Run(i);
            foreach (var c in s.Charges.Where(c => Reciprocal(i, c.Charge)))
            {
                Assert.Equal(ChargeOutcome.ReciprocalFree, c.Outcome);
                Assert.True(c.Billed.IsZero && c.Fee.IsZero);
            }
            // Their loans to each other leave every position as if they had not happened.
            Assert.Equal(Nets(Run(i, i.Charges.Where(c => !Reciprocal(i, c)))), Nets(s));
        }, iter: 400);
    }

    [Fact]
    public void No_charge_above_an_unaccepted_maximum_is_billed()
    {
        Inputs.Sample(i =>
        {
            var s = Run(i);
            static bool AboveUnaccepted(IllCharge c) => c.MaxCost is { } max && c.Charge > max && !c.ConditionAccepted;
            Assert.All(s.Charges.Where(c => c.Outcome == ChargeOutcome.Billed), c => Assert.False(AboveUnaccepted(c.Charge)));
            Assert.Equal(Nets(Run(i, i.Charges.Where(c => !AboveUnaccepted(c)))), Nets(s));
        }, iter: 400);
    }
}
