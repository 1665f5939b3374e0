namespace SharingLedger.Tests.Support;

/// <summary>The repository the tests were built from: the folder above the test assembly that holds SharingLedger.sln.</summary>
public static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "SharingLedger.sln"))) root = root.Parent;
        return root?.FullName ?? throw new DirectoryNotFoundException("The repository root (SharingLedger.sln) was not found above the test assembly.");
    }
}
