using System.Runtime.CompilerServices;

namespace SharingLedger.Tests.Support;

/// <summary>
/// Under CI (CI=true) Snapshooter runs in strict mode: a missing snapshot fails the test instead of being written and
/// passing, so a contract nobody committed cannot go green.
/// </summary>
internal static class SnapshotMode
{
    [ModuleInitializer]
    internal static void UnderCiStrict()
    {
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase)
            && Environment.GetEnvironmentVariable("SNAPSHOOTER_STRICT_MODE") is null)
            Environment.SetEnvironmentVariable("SNAPSHOOTER_STRICT_MODE", "true");
    }
}
