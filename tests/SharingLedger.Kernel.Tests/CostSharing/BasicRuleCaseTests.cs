using SharingLedger.Kernel.CostSharing;
using M = SharingLedger.Kernel.Money.Money;

namespace SharingLedger.Kernel.Tests.CostSharing;

/// <summary>The shared apportion cases that need only the equal, proportional, weighted or fixed rules.</summary>
public class BasicRuleCaseTests
{
    public static TheoryData<string> BasicCases() =>
        new(SharedCases.OfKind("apportion")
            .Where(c => !c.TryGetProperty("caps", out _) && !c.TryGetProperty("phaseIn", out _))
            .Select(c => c.GetProperty("name").GetString()!));

    [Theory]
    [MemberData(nameof(BasicCases))]
    public void Shared_case_gives_the_expected_shares(string name)
    {
        var c = SharedCases.Named(name);
        var currency = c.GetProperty("currency").GetString()!;
        var total = M.Parse(c.GetProperty("total").GetString()!, currency);
        var members = c.GetProperty("members").EnumerateArray().Select(CaseReader.Member).ToList();
        var rule = CaseReader.Rule(c.GetProperty("rule"));

        var result = Apportioner.Apportion(total, rule, members);

        var expected = c.GetProperty("expected").EnumerateObject()
            .ToDictionary(p => p.Name, p => M.Parse(p.Value.GetString()!, currency));
        Assert.Equal(expected, result.Shares.ToDictionary(s => s.MemberId, s => s.Amount));
        Assert.Equal(total.Minor, result.Shares.Sum(s => s.Amount.Minor));
    }

    [Fact]
    public void At_least_four_shared_cases_run_here()
    {
        Assert.True(BasicCases().Count >= 4);
    }
}
