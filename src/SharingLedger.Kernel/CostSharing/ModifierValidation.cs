using M = SharingLedger.Kernel.Money.Money;

namespace SharingLedger.Kernel.CostSharing;

/// <summary>Checks caps, floors and a phase-in against the cost and the members who share it.</summary>
public static class ModifierValidation
{
    public static IReadOnlyList<RuleViolation> Check(M total, IReadOnlyList<MemberFigures> members, ShareModifiers modifiers) =>
        Check(total, members.Select(m => m.MemberId).ToHashSet(StringComparer.Ordinal), modifiers);

    internal static IReadOnlyList<RuleViolation> Check(M total, IReadOnlySet<string> ids, ShareModifiers modifiers)
    {
        if (modifiers.IsNone) return [];
        var errors = new List<RuleViolation>();
        var caps = modifiers.Caps ?? new Dictionary<string, M>();
        var floors = modifiers.Floors ?? new Dictionary<string, M>();
        if ((caps.Count > 0 || floors.Count > 0) && total.IsNegative)
            errors.Add(new("total", "Caps and floors apply to a cost, not to a credit; the total cannot be negative."));

        CheckAmounts("caps", caps, total, ids, errors);
        CheckAmounts("floors", floors, total, ids, errors);
        foreach (var (id, floor) in floors)
        {
            if (caps.TryGetValue(id, out var cap) && cap.Currency == floor.Currency && floor > cap)
                errors.Add(new($"floors.{id}", $"The floor {floor} is above the cap {cap}."));
        }
        if (errors.Count == 0 && floors.Count > 0 && M.Sum(floors.Values, total.Currency) > total)
            errors.Add(new("floors", $"The floors add up to more than the total {total}."));

        if (modifiers.PhaseIn is { } phaseIn) errors.AddRange(CheckPhaseIn(phaseIn, ids));
        return errors;
    }

    private static void CheckAmounts(string field, IReadOnlyDictionary<string, M> amounts, M total, IReadOnlySet<string> ids, List<RuleViolation> errors)
    {
        foreach (var (id, amount) in amounts)
        {
            if (!ids.Contains(id)) errors.Add(new($"{field}.{id}", $"{id} does not share this cost."));
            else if (amount.Currency != total.Currency)
                errors.Add(new($"{field}.{id}", $"The amount is in {amount.Currency}; the cost is in {total.Currency}."));
            else if (amount.IsNegative) errors.Add(new($"{field}.{id}", "The amount cannot be negative."));
        }
    }

    private static IEnumerable<RuleViolation> CheckPhaseIn(PhaseIn phaseIn, IReadOnlySet<string> ids)
    {
        if (phaseIn.Years < 1) yield return new("phaseIn.years", "A phase-in lasts at least one year.");
        if (phaseIn.Year < 1 || phaseIn.Year > Math.Max(phaseIn.Years, 1))
            yield return new("phaseIn.year", $"The year must be between 1 and {phaseIn.Years}.");
        if (phaseIn.PreviousFractions is { } fractions)
        {
            var strangers = fractions.Keys.Where(k => !ids.Contains(k)).ToList();
            if (strangers.Count > 0)
                yield return new("phaseIn.previousShares", $"Shares before the phase-in name members who do not share this cost: {string.Join(", ", strangers)}.");
            if (fractions.Values.Any(f => f.Sign < 0))
                yield return new("phaseIn.previousShares", "Shares before the phase-in cannot be negative.");
            else if (fractions.Values.Aggregate(Arithmetic.Fraction.Zero, (a, b) => a + b) != Arithmetic.Fraction.One)
                yield return new("phaseIn.previousShares", "Shares before the phase-in must add up to the whole.");
            yield break;
        }
        var previous = phaseIn.PreviousPercentages;
        var unknown = previous.Keys.Where(k => !ids.Contains(k)).ToList();
        if (unknown.Count > 0)
            yield return new("phaseIn.previousPercentages", $"Previous percentages name members who do not share this cost: {string.Join(", ", unknown)}.");
        if (previous.Values.Any(p => p < 0m))
            yield return new("phaseIn.previousPercentages", "Percentages cannot be negative.");
        else if (previous.Values.Sum() != 100m)
            yield return new("phaseIn.previousPercentages", $"Previous percentages must add up to 100; they add up to {previous.Values.Sum()}.");
    }
}
