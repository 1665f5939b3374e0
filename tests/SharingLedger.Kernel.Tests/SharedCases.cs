using System.Text.Json;

namespace SharingLedger.Kernel.Tests;

/// <summary>
/// Reads the worked cases in the repository's copy of them, <c>Cases/cost-sharing.json</c> (copied to the test output),
/// never the steering repository's <c>../shared/cases</c>: a clone of this repository alone passes its tests.
/// <c>.ci/run</c> checks that the copy still equals <c>../shared/cases</c> where that folder exists.
/// </summary>
public static class SharedCases
{
    public static string Directory()
    {
        var dir = Path.Combine(AppContext.BaseDirectory, "Cases");
        if (!File.Exists(Path.Combine(dir, "cost-sharing.json")))
            throw new FileNotFoundException("The worked cases are not in the test output: Cases/cost-sharing.json should be copied there by the project.", Path.Combine(dir, "cost-sharing.json"));
        return dir;
    }

    public static IEnumerable<JsonElement> OfKind(string kind)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Directory(), "cost-sharing.json")));
        return doc.RootElement.GetProperty("cases").EnumerateArray()
            .Where(c => c.GetProperty("kind").GetString() == kind)
            .Select(c => c.Clone())
            .ToList();
    }

    public static IReadOnlyList<string> AllNames()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Directory(), "cost-sharing.json")));
        return doc.RootElement.GetProperty("cases").EnumerateArray().Select(c => c.GetProperty("name").GetString()!).ToList();
    }

    public static JsonElement Named(string name)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Directory(), "cost-sharing.json")));
        return doc.RootElement.GetProperty("cases").EnumerateArray()
            .Single(c => c.GetProperty("name").GetString() == name).Clone();
    }
}
