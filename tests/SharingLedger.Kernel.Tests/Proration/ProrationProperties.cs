using CsCheck;
using NodaTime;
using SharingLedger.Kernel.Arithmetic;
using SharingLedger.Kernel.CostSharing;
using SharingLedger.Kernel.Proration;
using M = SharingLedger.Kernel.Money.Money;

namespace SharingLedger.Kernel.Tests.Proration;

public class ProrationProperties
{
    private static readonly LocalDate Start = new(2026, 1, 1);

    public sealed record Input(M Total, int TermDays, CostSharingRule Rule, IReadOnlyList<ProratedMember> Members)
    {
        public LocalDate End => Start.PlusDays(TermDays - 1);
        public override string ToString() => $"{Total} over {TermDays} days, {Rule.Describe()}: " +
            string.Join("; ", Members.Select(m => $"{m.MemberId} fte {m.Figures.Get(BasisAttribute.Fte)} {m.From}..{m.To}"));
    }

    private static readonly Gen<Input> Inputs =
        Gen.Select(Gen.Long[0, 10_000_000], Gen.Int[1, 120], Gen.Int[0, 1], Gen.Int[1, 8])
            .SelectMany(t => Gen.Select(Gen.Int[-10, 130], Gen.Int[-10, 130], Gen.Int[0, 3], Gen.Int[1, 50]).Array[t.Item4]
                .Select(spans => new Input(new M(t.Item1, "CNY"), t.Item2,
                    t.Item3 == 0 ? CostSharingRule.Equal() : CostSharingRule.ProportionalTo(BasisAttribute.Fte),
                    spans.Select((s, i) => new ProratedMember(
                        new MemberFigures($"M{i}", new Dictionary<BasisAttribute, decimal> { [BasisAttribute.Fte] = s.Item4 }),
                        s.Item3 == 1 ? null : Start.PlusDays(Math.Min(s.Item1, s.Item2)),
                        s.Item3 == 2 ? null : Start.PlusDays(Math.Max(s.Item1, s.Item2)))).ToList())));

    private static ProratedApportionment Run(Input i) => Prorator.Prorate(i.Total, Start, i.End, i.Rule, i.Members);

    [Fact]
    public void Shares_and_the_uncovered_cost_add_up_to_the_total()
    {
        Inputs.Sample(i =>
        {
            var r = Run(i);
            Assert.Equal(i.Total.Minor, r.Shares.Sum(s => s.Amount.Minor) + r.Uncovered.Minor);
        }, iter: 300);
    }

    /// <summary>The segment-wise sums equal a plain day-by-day loop, exactly, and so do the days reported.</summary>
    [Fact]
    public void Segments_give_exactly_what_a_day_by_day_loop_gives()
    {
        Inputs.Sample(i =>
        {
            var r = Run(i);
            var exact = i.Members.ToDictionary(m => m.MemberId, _ => Fraction.Zero);
            var days = i.Members.ToDictionary(m => m.MemberId, _ => 0);
            for (var day = Start; day <= i.End; day = day.PlusDays(1))
            {
                var active = i.Members.Where(m => (m.From ?? Start) <= day && (m.To ?? i.End) >= day).ToList();
                if (active.Count == 0) continue;
                var weights = RuleWeights.Compute(i.Rule, active.Select(m => m.Figures).ToList());
                foreach (var m in active)
                {
                    exact[m.MemberId] += new Fraction(i.Total.Minor, i.TermDays) * weights[m.MemberId];
                    days[m.MemberId]++;
                }
            }
            foreach (var s in r.Shares)
            {
                Assert.Equal(exact[s.MemberId], s.ExactMinor);
                Assert.Equal(days[s.MemberId], s.DaysActive);
            }
        }, iter: 150);
    }

    [Fact]
    public void Join_credits_add_up_to_what_the_joiners_pay()
    {
        Inputs.Where(i => i.Members.Count >= 2).Sample(i =>
        {
            var joiners = i.Members.Take(1).ToList();
            var billedMembers = i.Members.Skip(1).ToList();
            var revised = Prorator.Prorate(i.Total, Start, i.End, i.Rule, i.Members);
            var billed = Prorator.Prorate(i.Total, Start, i.End, i.Rule, billedMembers);
            var credits = JoinCredits.Between(billed, revised);
            var joinerCharge = revised.For(joiners[0].MemberId).Amount;
            // What was uncovered before may now be covered by the joiner instead of coming back as credit.
            Assert.Equal(joinerCharge.Minor - (billed.Uncovered.Minor - revised.Uncovered.Minor), credits.Sum(c => c.Credit.Minor));
        }, iter: 200);
    }
}
