using SharingLedger.Kernel.CostSharing;
using SharingLedger.Kernel.Money;
using SharingLedger.Obligations;
using SharingLedger.Sharing;

namespace SharingLedger.WebConsole;

/// <summary>
/// A share put in words, fact by fact, in the page's language: the rule, the inputs it read, the member's weight, the exact
/// amount before rounding, the rounding step, and any cap, floor, phase-in year or days of participation. The figures are the
/// ledger's own (from the obligation item or the share line); nothing is worked out again here.
/// </summary>
public static class ShareFacts
{
    public static IReadOnlyList<(string Label, string Value)> Of(ObligationItem item, ConsolePage page)
    {
        var facts = new List<(string, string)>();
        if (!string.IsNullOrEmpty(item.Rule)) facts.Add((page.T("Rule"), page.T(item.Rule)));
        if (item.AgreementVersion > 0) facts.Add((page.T("Agreement version"), item.AgreementVersion.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        facts.AddRange(Common(item.Inputs, item.Weight, item.ExactAmount, item.RoundingAdjustmentMinor, item.Amount, item.CapApplied, item.FloorApplied,
            item.PhaseInYear, item.DaysActive, page));
        return facts;
    }

    public static IReadOnlyList<(string Label, string Value)> Of(ShareLine line, ConsolePage page) =>
        Common(line.Inputs, line.Weight, line.ExactAmount, line.RoundingAdjustmentMinor, line.Amount, line.CapApplied, line.FloorApplied,
            line.PhaseInYear, line.DaysActive, page);

    private static List<(string, string)> Common(IReadOnlyDictionary<BasisAttribute, decimal> inputs, string weight, string exact, long rounding,
        Money amount, Money? cap, Money? floor, int? phaseIn, int? days, ConsolePage page)
    {
        var f = page.Format;
        var facts = new List<(string, string)>();
        if (inputs.Count > 0)
            facts.Add((page.T("Inputs"), string.Join("; ", inputs.Select(i => $"{page.T(i.Key.ToString())} {f.Number(i.Value, i.Value == decimal.Truncate(i.Value) ? 0 : 2)}"))));
        if (!string.IsNullOrEmpty(weight)) facts.Add((page.T("Share of the cost"), weight));
        if (!string.IsNullOrEmpty(exact)) facts.Add((page.T("Exact amount before rounding"), $"{amount.Currency} {exact}"));
        var step = new Money(rounding, amount.Currency);
        facts.Add((page.T("Rounding"), rounding == 0
            ? page.T("none: the exact amount is already whole")
            : $"{(rounding > 0 ? "+" : "")}{f.Money(step)} ({page.T("largest remainder, once, so the shares add up to the total")})"));
        if (cap is { } c) facts.Add((page.T("Capped at"), f.Money(c)));
        if (floor is { } fl) facts.Add((page.T("Raised to the floor"), f.Money(fl)));
        if (phaseIn is { } p) facts.Add((page.T("Phase-in year"), p.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        if (days is { } d) facts.Add((page.T("Days taking part"), d.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return facts;
    }
}
