namespace SharingLedger.Kernel.CostSharing;

/// <summary>Checks the bands of a banded rule on their own, before any member figures are known.</summary>
internal static class BandValidation
{
    public static IEnumerable<RuleViolation> Check(CostSharingRule rule, string field)
    {
        if (rule.Attribute is null)
            yield return new($"{field}.attribute", "A banded rule needs the attribute that places members in bands.");
        if (rule.Bands is null || rule.Bands.Count == 0)
        {
            yield return new($"{field}.bands", "A banded rule needs at least one band.");
            yield break;
        }
        for (var i = 0; i < rule.Bands.Count; i++)
        {
            var band = rule.Bands[i];
            var at = $"{field}.bands[{i}]";
            if (band.Weight is null == band.Price is null)
                yield return new(at, "A band has either a weight or a price, not both and not neither.");
            if (band.Weight < 0m) yield return new($"{at}.weight", "A band weight cannot be negative.");
            if (band.Price < 0m) yield return new($"{at}.price", "A band price cannot be negative.");
            if (rule.Bands.Take(i).Any(b => b.From == band.From))
                yield return new($"{at}.from", $"Two bands start at {band.From}.");
        }
        if (rule.Bands.Any(b => b.Weight is not null) && rule.Bands.Any(b => b.Price is not null))
            yield return new($"{field}.bands", "Bands are either all weighted or all priced; weights and prices do not mix.");
    }
}
