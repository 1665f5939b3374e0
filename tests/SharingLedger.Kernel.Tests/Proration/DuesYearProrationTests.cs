using CsCheck;
using NodaTime;
using SharingLedger.Kernel.CostSharing;
using SharingLedger.Kernel.Proration;
using M = SharingLedger.Kernel.Money.Money;

namespace SharingLedger.Kernel.Tests.Proration;

/// <summary>Dues over a calendar fiscal year with a member admitted on 1 June and one withdrawn on 30 September.</summary>
public class DuesYearProrationTests
{
    private static readonly LocalDate Jan1 = new(2026, 1, 1), Dec31 = new(2026, 12, 31);

    /// <summary>
    /// 36500.00 over 365 days is 100.00 a day, split equally. Jan 1–May 31 (151 days): A, B, D share 15100.00;
    /// Jun 1–Sep 29 (121 days): A, B, C, D share 12100.00; Sep 30–Dec 31 (93 days): A, B, C share 9300.00.
    /// A = B = 5033.33⅓ + 3025 + 3100 = 11158.33⅓; C = 3025 + 3100 = 6125.00 (214 days); D = 5033.33⅓ + 3025 =
    /// 8058.33⅓ (272 days, its last day 29 September: a withdrawal on the 30th means not a member from that day).
    /// One cent is left by the floors; A, B and D tie on ⅓, so A (first by id) gets it.
    /// </summary>
    [Fact]
    public void A_member_admitted_on_1_June_and_one_withdrawn_on_30_September_pay_for_their_days()
    {
        var r = Prorator.Prorate(M.Parse("36500.00", "EUR"), Jan1, Dec31, CostSharingRule.Equal(),
            [ProratedMember.Plain("A"), ProratedMember.Plain("B"), ProratedMember.Plain("C", from: new(2026, 6, 1)),
             ProratedMember.Plain("D", to: new(2026, 9, 29))]);

        Assert.Equal(365, r.TermDays);
        Assert.Equal(["11158.34", "11158.33", "6125.00", "8058.33"], r.Shares.Select(s => s.Amount.ToDecimalString()));
        Assert.Equal([365, 365, 214, 272], r.Shares.Select(s => s.DaysActive));
        Assert.True(r.Uncovered.IsZero);
        Assert.Equal(3650000, r.Shares.Sum(s => s.Amount.Minor));
    }

    /// <summary>When some member is active every day, the shares add up to the agreed total exactly: the year does not shrink.</summary>
    [Fact]
    public void With_a_member_every_day_the_shares_add_up_to_the_whole_total()
    {
        var gen = Gen.Select(Gen.Long[0, 100_000_000], Gen.Int[0, 364].Array[1, 6], Gen.Int[0, 364].Array[1, 6], Gen.Int[1, 900].Array[7]);
        gen.Sample((total, froms, tos, fte) =>
        {
            var members = new List<ProratedMember>
            {
                new(new MemberFigures("ANCHOR", new Dictionary<BasisAttribute, decimal> { [BasisAttribute.Fte] = fte[6] })),
            };
            for (var i = 0; i < Math.Min(froms.Length, tos.Length); i++)
                members.Add(new ProratedMember(new MemberFigures($"M{i}", new Dictionary<BasisAttribute, decimal> { [BasisAttribute.Fte] = fte[i] }),
                    Jan1.PlusDays(Math.Min(froms[i], tos[i])), Jan1.PlusDays(Math.Max(froms[i], tos[i]))));
            var r = Prorator.Prorate(new M(total, "EUR"), Jan1, Dec31, CostSharingRule.ProportionalTo(BasisAttribute.Fte), members);
            Assert.True(r.Uncovered.IsZero);
            Assert.Equal(total, r.Shares.Sum(s => s.Amount.Minor));
        }, iter: 200);
    }
}
