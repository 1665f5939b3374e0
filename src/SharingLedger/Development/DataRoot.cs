namespace SharingLedger.Development;

/// <summary>Where embedded clusters live: the repository's git-ignored <c>.data</c> folder, else a temp folder.</summary>
public static class DataRoot
{
    public static string Locate()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "SharingLedger.sln")))
                    return Path.Combine(dir.FullName, ".data");
            }
        }
        return Path.Combine(Path.GetTempPath(), "sharingledger-data");
    }
}
