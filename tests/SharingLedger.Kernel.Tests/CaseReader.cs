using System.Globalization;
using System.Text.Json;
using NodaTime;
using NodaTime.Text;
using SharingLedger.Kernel.CostSharing;
using M = SharingLedger.Kernel.Money.Money;

namespace SharingLedger.Kernel.Tests;

/// <summary>Reads the parts of a shared case: decimals stay decimal, amounts become Money, dates LocalDate.</summary>
internal static class CaseReader
{
    public static decimal Dec(JsonElement e) => decimal.Parse(e.GetString()!, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);

    public static string Currency(JsonElement c) => c.GetProperty("currency").GetString()!;

    public static M Money(JsonElement c, string property) => M.Parse(c.GetProperty(property).GetString()!, Currency(c));

    public static Dictionary<string, M> MoneyMap(JsonElement map, string currency) =>
        map.EnumerateObject().ToDictionary(p => p.Name, p => M.Parse(p.Value.GetString()!, currency), StringComparer.Ordinal);

    public static Dictionary<string, decimal> DecimalMap(JsonElement map) =>
        map.EnumerateObject().ToDictionary(p => p.Name, p => Dec(p.Value), StringComparer.Ordinal);

    public static LocalDate Date(JsonElement e) => LocalDatePattern.Iso.Parse(e.GetString()!).Value;

    public static LocalDate? OptionalDate(JsonElement owner, string property) =>
        owner.TryGetProperty(property, out var e) ? Date(e) : null;

    public static MemberFigures Member(JsonElement m)
    {
        var figures = new Dictionary<BasisAttribute, decimal>();
        foreach (var p in m.EnumerateObject())
        {
            if (Enum.TryParse<BasisAttribute>(p.Name, ignoreCase: true, out var attribute))
                figures[attribute] = Dec(p.Value);
        }
        return new MemberFigures(m.GetProperty("id").GetString()!, figures);
    }

    public static CostSharingRule Rule(JsonElement r)
    {
        var method = Enum.Parse<SharingMethod>(r.GetProperty("method").GetString()!, ignoreCase: true);
        return method switch
        {
            SharingMethod.Equal => CostSharingRule.Equal(),
            SharingMethod.Proportional => CostSharingRule.ProportionalTo(Attribute(r.GetProperty("attribute").GetString()!)),
            SharingMethod.Weighted => CostSharingRule.WeightedBy(Dec(r.GetProperty("equalBase")),
                r.GetProperty("weights").EnumerateObject().ToDictionary(p => Attribute(p.Name), p => Dec(p.Value))),
            SharingMethod.Fixed => CostSharingRule.FixedPercentages(DecimalMap(r.GetProperty("percent"))),
            SharingMethod.Banded => CostSharingRule.BandedBy(Attribute(r.GetProperty("attribute").GetString()!),
                r.GetProperty("bands").EnumerateArray().Select(Band).ToList()),
            _ => throw new NotSupportedException(method.ToString()),
        };
    }

    private static CostBand Band(JsonElement b) => new(
        Dec(b.GetProperty("from")),
        b.TryGetProperty("weight", out var w) ? Dec(w) : null,
        b.TryGetProperty("price", out var p) ? Dec(p) : null);

    private static BasisAttribute Attribute(string name) => Enum.Parse<BasisAttribute>(name, ignoreCase: true);
}
