using System.Text.Json;

namespace SharingLedger.Kernel.Tests;

/// <summary>Reads the worked cases in ../shared/cases/cost-sharing.json next to the repository.</summary>
public static class SharedCases
{
    public static string Directory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SharingLedger.sln")))
                return Path.Combine(dir.Parent!.FullName, "shared", "cases");
        }
        throw new DirectoryNotFoundException("Could not find the repository root (SharingLedger.sln) above " + AppContext.BaseDirectory);
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
