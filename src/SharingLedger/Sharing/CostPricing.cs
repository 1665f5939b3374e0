using System.Numerics;
using SharingLedger.Kernel.Arithmetic;
using SharingLedger.Kernel.CostSharing;
using SharingLedger.Kernel.Money;
using SharingLedger.Kernel.Proration;
using SharingLedger.Membership;

namespace SharingLedger.Sharing;

/// <summary>
/// Splits a shared cost with the kernel: when every participant takes part for the whole term, by the
/// agreement's rule with its caps, floor and phase-in; when someone joins or leaves mid-term, day by day
/// among the members active each day (caps do not apply to prorated terms: a per-day cap has no meaning).
/// Member figures are those in force on the first day of the term (or of the member's part in it).
/// Throws <see cref="CostSharingException"/> naming the field when the cost cannot be split as asked.
/// </summary>
public static class CostPricing
{
    public static PricedCost Price(PricingInput input)
    {
        if (input.Participants.Count == 0)
            throw new CostSharingException([new("participants", "There are no participating members to share the cost.")]);
        var period = input.Period;
        var wholeTerm = input.Participants.All(p => (p.From is null || p.From <= period.Start) && (p.To is null || p.To >= period.End));
        return wholeTerm ? Apportion(input) : Prorate(input);
    }

    private static MemberFigures Figures(PricingInput input, Participation p)
    {
        var member = input.Members[p.MemberId];
        var on = p.From is { } from && from > input.Period.Start ? from : input.Period.Start;
        var basis = member.FiguresOn(on) is null ? member.BasisOn(member.AdmittedOn) : member.BasisOn(on);
        var figures = new Dictionary<BasisAttribute, decimal>(basis.Figures);
        if (input.Usage is not null) figures[BasisAttribute.Usage] = input.Usage.GetValueOrDefault(p.MemberId);
        return basis with { Figures = figures };
    }

    private static PricedCost Apportion(PricingInput input)
    {
        var figures = input.Participants.Select(p => Figures(input, p)).ToList();
        var modifiers = new ShareModifiers(Caps(input, figures), Floors(input), PhaseIn(input));
        var result = Apportioner.Apportion(input.Total, input.Term.Rule, figures, modifiers);
        var lines = result.Shares.Select(s => new ShareLine(
            Guid.Parse(s.MemberId), input.Members[Guid.Parse(s.MemberId)].Code, s.Amount, s.Weight.ToString(),
            Exact(s.ExactMinor, input.Total), s.RoundingAdjustmentMinor, s.Inputs, s.CapApplied, s.FloorApplied, s.PhaseInYear))
            .OrderBy(l => l.MemberCode, StringComparer.Ordinal).ToList();
        return new PricedCost(input.Total, "apportioned", lines, result.ShortfallOrZero, input.Period.Length);
    }

    private static PricedCost Prorate(PricingInput input)
    {
        var members = input.Participants.Select(p => new ProratedMember(Figures(input, p), p.From, p.To)).ToList();
        var result = Prorator.Prorate(input.Total, input.Period.Start, input.Period.End, input.Term.Rule, members);
        var total = new Fraction(input.Total.Minor);
        var lines = result.Shares.Select(s => new ShareLine(
            Guid.Parse(s.MemberId), input.Members[Guid.Parse(s.MemberId)].Code, s.Amount,
            (total.IsZero ? Fraction.Zero : s.ExactMinor / total).ToString(), Exact(s.ExactMinor, input.Total),
            s.RoundingAdjustmentMinor, members.First(m => m.MemberId == s.MemberId).Figures.Figures
                .Where(f => input.Term.Rule.AttributesUsed().Contains(f.Key)).ToDictionary(f => f.Key, f => f.Value),
            DaysActive: s.DaysActive, ActiveFrom: s.ActiveFrom, ActiveTo: s.ActiveTo))
            .OrderBy(l => l.MemberCode, StringComparer.Ordinal).ToList();
        return new PricedCost(input.Total, "prorated", lines, result.Uncovered, result.TermDays);
    }

    private static Dictionary<string, Money>? Caps(PricingInput input, IReadOnlyList<MemberFigures> figures)
    {
        if (input.Term.Caps is not { } caps) return null;
        var result = new Dictionary<string, Money>();
        foreach (var f in figures)
        {
            var id = Guid.Parse(f.MemberId);
            var candidates = new List<Money>();
            if (caps.PercentOfBudget is { } percent) candidates.Add(ShareCaps.PercentOfBudget(percent, f, input.Total.Currency));
            if (caps.MaxIncreasePercent is { } increase && input.PreviousShares?.TryGetValue(id, out var previous) == true)
                candidates.Add(ShareCaps.IncreaseOverPrevious(previous, increase));
            if (caps.StandalonePrice && input.StandalonePrices?.TryGetValue(id, out var alone) == true)
                candidates.Add(ShareCaps.StandalonePrice(alone));
            if (candidates.Count > 0) result[f.MemberId] = ShareCaps.Tightest(candidates);
        }
        return result;
    }

    private static Dictionary<string, Money>? Floors(PricingInput input) =>
        input.Term.Floor is { } floor ? input.Participants.ToDictionary(p => p.MemberId.ToString("D"), _ => floor) : null;

    /// <summary>
    /// Year t of N, from the shares before the phase-in began (last term's when those were never recorded) as exact
    /// fractions of their sum over the participants: nothing is rounded before the one rounding of the amounts.
    /// </summary>
    private static PhaseIn? PhaseIn(PricingInput input)
    {
        if (input.Term.PhaseInYears is not { } years || input.PhaseInYear is not { } year || year >= years) return null;
        var start = input.SharesBeforePhaseIn ?? input.PreviousShares;
        var previous = start?.Where(p => input.Participants.Any(x => x.MemberId == p.Key) && p.Value.IsPositive).ToList();
        if (previous is null || previous.Count == 0) return null;
        return Kernel.CostSharing.PhaseIn.FromShares(years, year, previous.ToDictionary(p => p.Key.ToString("D"), p => p.Value));
    }

    private static string Exact(Fraction exactMinor, Money total) =>
        (exactMinor / new Fraction(BigInteger.Pow(10, total.MinorUnits))).ToDecimalString(6);
}
