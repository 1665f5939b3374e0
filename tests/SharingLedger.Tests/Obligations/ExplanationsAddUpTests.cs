using System.Globalization;
using System.Numerics;
using System.Text.Json;
using SharingLedger.Tests.Subscriptions;
using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Obligations;

/// <summary>
/// Explanations that add up (issue 13, item 6): for random dues and capped subscription splits, every share's stated figures
/// are recomputed here from its own fields, with integer arithmetic of the test's own: the percentage from the exact fraction,
/// the amount by the rule from the base and the fraction, the excess above a cap, what others' caps moved, the charged amount
/// from the exact one and the rounding; each figure must appear in the explanation's text, and no fraction may.
/// </summary>
public class ExplanationsAddUpTests(LedgerHost host) : LedgerTest(host)
{
    private static long Minor(string amount) => (long)(decimal.Parse(amount, CultureInfo.InvariantCulture) * 100);
    private static long Minor(JsonElement money) => Minor(money.GetProperty("amount").GetString()!);
    private static string Major(long minor) => (minor / 100m).ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>n/d rounded half away from zero (the test's own, not the Kernel's).</summary>
    private static BigInteger Round(BigInteger n, BigInteger d)
    {
        var q = BigInteger.DivRem(BigInteger.Abs(n) * 2 + d, 2 * d, out _);
        return n.Sign < 0 ? -q : q;
    }

    private static (BigInteger N, BigInteger D) Ratio(string weight)
    {
        var parts = weight.Split('/');
        return (BigInteger.Parse(parts[0], CultureInfo.InvariantCulture), parts.Length == 1 ? BigInteger.One : BigInteger.Parse(parts[1], CultureInfo.InvariantCulture));
    }

    /// <summary>Recomputes one item's figures from its fields and finds each in its text; returns what was charged and by the rule.</summary>
    private static (long Charged, long ByRule) AssertAddsUp(JsonElement item, long baseMinor, string what)
    {
        var text = item.GetProperty("explanation").GetString()!;
        var f = item.GetProperty("figures");
        var (n, d) = Ratio(item.GetProperty("weight").GetString()!);
        var charged = Minor(item.GetProperty("amount"));

        Assert.True(baseMinor == Minor(f.GetProperty("base")), $"{what}: base");
        var percent = Round(n * 10000, d); // hundredths of a percent
        var percentText = $"{percent / 100}.{BigInteger.Abs(percent % 100):00}";
        Assert.True(percentText == f.GetProperty("percent").GetString(), $"{what}: {percentText}% expected, {f.GetProperty("percent")} stated");
        var byRule = (long)Round(baseMinor * n, d);
        Assert.True(byRule == Minor(f.GetProperty("byRule")), $"{what}: by the rule {Major(byRule)} expected, {f.GetProperty("byRule")} stated");
        Assert.Contains($"{percentText}% of {Major(baseMinor)} USD by the rule = {Major(byRule)} USD.", text);

        var exact = Minor(f.GetProperty("exact"));
        var moved = Minor(f.GetProperty("moved"));
        Assert.True(exact == byRule + moved, $"{what}: exact {exact} is not {byRule} + {moved}");
        if (item.GetProperty("capApplied") is { ValueKind: JsonValueKind.Object } cap)
        {
            Assert.Equal(Minor(cap), charged); // a capped member pays its cap
            Assert.Equal(Minor(cap), exact);
            Assert.Contains($"Capped at {Major(Minor(cap))} USD: the {Major(byRule - Minor(cap))} USD above the cap is borne by the other members.", text);
        }
        else if (moved > 0)
            Assert.Contains($"Plus {Major(moved)} USD, its part of what capped members passed on: {Major(exact)} USD.", text);

        // Charged = the exact amount's whole cents plus what largest-remainder rounding added (0 or +1).
        var exactText = item.GetProperty("exactAmount").GetString()!;
        var wholeCents = (long)Math.Floor(decimal.Parse(exactText, CultureInfo.InvariantCulture) * 100);
        var rounding = f.GetProperty("roundingMinor").GetInt64();
        Assert.Equal(item.GetProperty("roundingAdjustmentMinor").GetInt64(), rounding);
        Assert.True(charged == wholeCents + rounding, $"{what}: charged {charged} is not {wholeCents} + {rounding}");
        Assert.Contains($"Charged {Major(charged)} USD", text);
        // The exact fraction is in its own field, for whoever asks; the text states percentages.
        Assert.False(System.Text.RegularExpressions.Regex.IsMatch(text, $@"(?<![0-9]){n}/{d}(?![0-9])"), $"{what}: the text shows the fraction {n}/{d}");
        return (charged, byRule);
    }

    [Theory]
    [InlineData(61)]
    [InlineData(62)]
    [InlineData(63)]
    public async Task Every_share_states_figures_a_person_can_recompute(int seed)
    {
        var random = new Random(seed);
        var count = random.Next(3, 6);
        var members = Enumerable.Range(0, count)
            .Select(i => ($"M{i}", (decimal)random.Next(100, 30000), (random.Next(1000, 900000) / 100m).ToString("0.00", CultureInfo.InvariantCulture)))
            .ToArray();
        var s = await SubscriptionScenario.Create(Api,
            new { rule = new { method = "proportional", attribute = "fte" }, caps = new { maxIncreasePercent = random.Next(2, 25) } }, "USD", members);
        var price = random.Next(1_000_000, 90_000_000); // minor units
        // Last term's shares: an even split of 70–100% of the price, so that the members the FTE rule raises most hit their cap.
        var lastTerm = price * random.Next(70, 101) / 100 / count;
        var previous = SubscriptionScenario.Money("USD", s.Members.Values.Select(id => (id.ToString(), Major(lastTerm))).ToArray());
        var sub = await s.Contract(Major(price), s.Participants(s.Members.Keys.ToArray()), previousShares: previous, currency: "USD");
        await Api.Ok(s.Invoice(sub, Major(price), "USD"), 201);
        await Api.Ok(Api.AssessDues(s.ConsortiumId, 2026), 201); // 1000.00 split equally

        long charged = 0, byRuleSum = 0, dues = 0, capped = 0;
        foreach (var (code, id) in s.Members)
        {
            var o = await Api.Ok(Api.Obligations(s.ConsortiumId, id, 2026));
            var items = o.GetProperty("items").EnumerateArray().ToList();
            var share = items.Single(i => i.GetProperty("kind").GetString() == "subscription");
            var (c, r) = AssertAddsUp(share, price, $"seed {seed}, {code}'s subscription share");
            charged += c;
            byRuleSum += r;
            if (share.GetProperty("capApplied").ValueKind == JsonValueKind.Object) capped++;
            dues += AssertAddsUp(items.Single(i => i.GetProperty("kind").GetString() == "dues"), 100000, $"seed {seed}, {code}'s dues").Charged;
        }
        Assert.Equal(100000, dues);
        // The shares add up to the invoice unless every member is capped (then the rest is an explicit shortfall); the amounts
        // by the rule add up to it within half a cent each.
        if (capped < count) Assert.Equal(price, charged);
        Assert.True(Math.Abs(byRuleSum - price) * 2 <= count, $"seed {seed}: by the rule {byRuleSum} against {price}");
    }
}
