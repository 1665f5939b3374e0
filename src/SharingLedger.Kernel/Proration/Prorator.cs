using System.Numerics;
using NodaTime;
using SharingLedger.Kernel.Arithmetic;
using SharingLedger.Kernel.CostSharing;
using SharingLedger.Kernel.Money;
using M = SharingLedger.Kernel.Money.Money;

namespace SharingLedger.Kernel.Proration;

/// <summary>
/// Mid-term joins and leaves: each day of the term carries total/termDays of the cost, split by the rule
/// among the members active that day. A member's charge is its exact sum over its days, rounded once at
/// the end by largest remainder. Days are handled a segment at a time, where the active set is constant.
/// </summary>
public static class Prorator
{
    public static ProratedApportionment Prorate(M total, LocalDate termStart, LocalDate termEnd, CostSharingRule rule, IReadOnlyList<ProratedMember> members)
    {
        Validate(termStart, termEnd, rule, members);
        var termDays = Period.DaysBetween(termStart, termEnd) + 1;
        var segments = ActiveSegments.Of(members, termStart, termEnd);
        var byId = members.ToDictionary(m => m.MemberId, StringComparer.Ordinal);
        var magnitude = new Fraction(BigInteger.Abs(total.Minor));

        var exact = members.ToDictionary(m => m.MemberId, _ => Fraction.Zero, StringComparer.Ordinal);
        var uncovered = Fraction.Zero;
        foreach (var segment in segments)
        {
            var cost = magnitude * new Fraction(segment.Days, termDays);
            if (segment.MemberIds.Count == 0) { uncovered += cost; continue; }
            var weights = SegmentWeights(rule, segment.MemberIds.Select(id => byId[id].Figures).ToList());
            foreach (var (id, weight) in weights) exact[id] += cost * weight;
        }

        // One rounding over the members and the uncovered cost (ranked last on ties).
        var ids = exact.Keys.OrderBy(id => id, StringComparer.Ordinal).ToList();
        var scaled = CommonDenominator.Of(ids.Select(id => exact[id]).Append(uncovered).ToList());
        var rounded = LargestRemainder.Round(scaled.Numerators, scaled.Denominator, Enumerable.Range(0, ids.Count + 1).ToList());
        var sign = total.Minor < 0 ? -1 : 1;

        var shares = ids.Select((id, i) =>
        {
            var span = ActiveSegments.Clip(byId[id], termStart, termEnd);
            return new ProratedShare(id, new M(rounded.Minor[i] * sign, total.Currency), exact[id] * new Fraction(sign),
                rounded.RoundedUp[i] ? sign : 0,
                span is { } s ? Period.DaysBetween(s.From, s.To) + 1 : 0, span?.From, span?.To);
        }).ToList();
        return new ProratedApportionment(total, termStart, termEnd, termDays, rule, shares, segments,
            new M(rounded.Minor[ids.Count] * sign, total.Currency));
    }

    /// <summary>
    /// The rule applied to one segment's members. Fixed percentages name the whole term's members, so on
    /// a day when only some take part their percentages are used as weights among themselves.
    /// </summary>
    private static IReadOnlyDictionary<string, Fraction> SegmentWeights(CostSharingRule rule, IReadOnlyList<MemberFigures> active)
    {
        if (rule.Method != SharingMethod.Fixed) return RuleWeights.Compute(rule, active);
        var percentages = active.ToDictionary(m => m.MemberId, m => Fraction.FromDecimal(rule.Percentages![m.MemberId]), StringComparer.Ordinal);
        var sum = percentages.Values.Aggregate(Fraction.Zero, (a, b) => a + b);
        if (sum.IsZero)
            throw new CostSharingException([new("rule.percentages", $"On some days only members with 0% take part ({string.Join(", ", percentages.Keys)}).")]);
        return percentages.ToDictionary(p => p.Key, p => p.Value / sum, StringComparer.Ordinal);
    }

    private static void Validate(LocalDate termStart, LocalDate termEnd, CostSharingRule rule, IReadOnlyList<ProratedMember> members)
    {
        var errors = RuleValidation.Check(rule).ToList();
        if (termEnd < termStart) errors.Add(new("termEnd", $"The term ends ({termEnd}) before it starts ({termStart})."));
        if (members.Count == 0) errors.Add(new("members", "There are no members to share the cost."));
        if (members.Select(m => m.MemberId).Distinct(StringComparer.Ordinal).Count() != members.Count)
            errors.Add(new("members", "A member is listed twice."));
        foreach (var m in members.Where(m => m.From > m.To))
            errors.Add(new($"members.{m.MemberId}.to", $"{m.MemberId} leaves ({m.To}) before it joins ({m.From})."));
        if (errors.Count > 0) throw new CostSharingException(errors);
        // The rule checked against every member of the term (for fixed: exactly the members named).
        if (rule.Method == SharingMethod.Fixed) RuleWeights.Compute(rule, members.Select(m => m.Figures).ToList());
    }
}
