namespace SharingLedger.Tests.Architecture;

/// <summary>
/// The service's folders (vertical slices, <c>src/SharingLedger/X</c> = namespace <c>SharingLedger.X</c>) import each other
/// in one direction only, Infrastructure is the shared leaf that names no slice, and the Kernel stays pure.
/// </summary>
public class SliceDependencyTests
{
    /// <summary>
    /// Loops that are known and being removed by the Loans/costs branches (merged in parallel with this test). Each pair's
    /// imports are left out of the loop check, in both directions; the lead empties this list after merging them, and from
    /// then on every loop fails.
    /// </summary>
    private static readonly (string, string)[] KnownLoops = [];

    /// <summary>Slices Infrastructure still names until the Loans branch lands (the LoanAction enum in the OpenAPI document).</summary>
    private static readonly string[] KnownInfrastructureUses = [];

    /// <summary>Not a slice: the code Wolverine generated (it names every endpoint). Host, the composition root, is read like any folder: it uses every slice, and none may use it.</summary>
    private static readonly string[] NotSlices = ["Internal"];

    /// <summary>The repository's root (where SharingLedger.sln is), found from the test assembly's folder.</summary>
    internal static string Repository()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "SharingLedger.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("SharingLedger.sln was not found above " + AppContext.BaseDirectory);
    }

    private static Dictionary<string, SortedDictionary<string, string>> Service() =>
        SliceGraph.Read(Path.Combine(Repository(), "src", "SharingLedger"), NotSlices);

    [Fact]
    public void No_folder_imports_back_into_another()
    {
        var uses = Service();
        var known = KnownLoops.SelectMany(p => new[] { (p.Item1, p.Item2), (p.Item2, p.Item1) }).ToHashSet();
        var graph = uses.ToDictionary(u => u.Key, u => (IReadOnlySet<string>)u.Value.Keys.Where(to => !known.Contains((u.Key, to))).ToHashSet());

        var loops = SliceGraph.Cycles(graph).Select(cycle => string.Join(" → ", cycle) + ": " +
            string.Join("; ", cycle.Zip(cycle.Skip(1), (from, to) => $"{uses[from][to]} uses {to}"))).ToList();

        Assert.True(loops.Count == 0, "Folders import each other in a loop:\n" + string.Join("\n", loops));
    }

    [Fact]
    public void Infrastructure_is_a_leaf_that_names_no_slice()
    {
        var uses = Service()["Infrastructure"].Where(u => !KnownInfrastructureUses.Contains(u.Key)).Select(u => $"{u.Value} uses {u.Key}").ToList();

        Assert.True(uses.Count == 0, "Infrastructure is the shared leaf; a slice plugs into it (an interface or options Infrastructure owns, "
                                     + "registered by the slice's AddX or Host/ServiceSetup), it never names the slice:\n" + string.Join("\n", uses));
    }

    [Fact]
    public void The_kernel_names_nothing_of_the_service()
    {
        var kernel = Path.Combine(Repository(), "src", "SharingLedger.Kernel");
        var uses = Directory.EnumerateFiles(kernel, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .Where(f => System.Text.RegularExpressions.Regex.IsMatch(SliceGraph.CodeOnly(File.ReadAllText(f)), @"SharingLedger\.(?!Kernel\b)\w+"))
            .Select(f => Path.GetRelativePath(kernel, f)).ToList();
        var project = File.ReadAllText(Path.Combine(kernel, "SharingLedger.Kernel.csproj"));

        Assert.Empty(uses);
        Assert.DoesNotContain("ProjectReference", project);
    }
}
