using M = SharingLedger.Kernel.Money.Money;

namespace SharingLedger.Kernel.Tests;

/// <summary>Every case of every kind in Cases/cost-sharing.json (the repository's copy of shared/cases), run against the engine by name.</summary>
public class SharedCaseTests
{
    private static readonly string[] Kinds = ["apportion", "prorate", "reimburse", "clearing"];

    public static TheoryData<string> AllCases() =>
        new(Kinds.SelectMany(SharedCases.OfKind).Select(c => c.GetProperty("name").GetString()!));

    [Theory]
    [MemberData(nameof(AllCases))]
    public void Shared_case_gives_the_expected_figures(string name)
    {
        var c = SharedCases.Named(name);
        var currency = CaseReader.Currency(c);
        var expected = CaseReader.MoneyMap(c.GetProperty("expected"), currency);

        var (actual, mustAddUpTo) = CaseRunner.Run(c);

        Assert.Equal(expected.OrderBy(e => e.Key, StringComparer.Ordinal), actual.OrderBy(a => a.Key, StringComparer.Ordinal));
        Assert.Equal((mustAddUpTo ?? M.Zero(currency)).Minor, actual.Values.Sum(a => a.Minor));
    }

    [Fact]
    public void Every_case_in_the_file_is_of_a_kind_run_here()
    {
        var all = SharedCases.AllNames();
        Assert.Equal(all.Count, AllCases().Count);
        foreach (var kind in Kinds) Assert.NotEmpty(SharedCases.OfKind(kind));
    }
}
