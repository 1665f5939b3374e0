using System.Diagnostics;

namespace SharingLedger.Development;

/// <summary>Runs a PostgreSQL program, as the postgres user when this process is root (initdb refuses root).</summary>
internal static class ProcessRunner
{
    public static bool IsRoot => Environment.UserName == "root" || GetUid() == 0;

    public static async Task<(int ExitCode, string Output)> RunAsync(string program, IEnumerable<string> args, TimeSpan timeout)
    {
        var info = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (IsRoot)
        {
            info.FileName = "runuser";
            foreach (var a in new[] { "-u", "postgres", "--", program }) info.ArgumentList.Add(a);
        }
        else
        {
            info.FileName = program;
        }
        foreach (var a in args) info.ArgumentList.Add(a);

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {program}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(program)} did not finish within {timeout.TotalSeconds:0} s.");
        }
        return (process.ExitCode, (await stdout) + (await stderr));
    }

    /// <summary>Hands a folder to the postgres user when running as root, so the server may write there.</summary>
    public static async Task ChownToPostgresAsync(string path)
    {
        if (!IsRoot) return;
        var info = new ProcessStartInfo("chown") { UseShellExecute = false, RedirectStandardError = true };
        foreach (var a in new[] { "-R", "postgres:postgres", path }) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"Could not give {path} to the postgres user: {await process.StandardError.ReadToEndAsync()}");
    }

    /// <summary>Whether the postgres user can reach (traverse) a folder.</summary>
    public static async Task<bool> PostgresCanReachAsync(string path)
    {
        if (!IsRoot) return true;
        var (code, _) = await RunAsync("/usr/bin/test", ["-x", path], TimeSpan.FromSeconds(10));
        return code == 0;
    }

    private static uint GetUid()
    {
        try
        {
            var status = File.ReadAllLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("Uid:", StringComparison.Ordinal));
            return status is null ? uint.MaxValue : uint.Parse(status.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1]);
        }
        catch (IOException) { return uint.MaxValue; }
    }
}
