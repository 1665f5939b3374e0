using System.Diagnostics;

namespace SharingLedger.Tests.Support;

/// <summary>Runs a command-line tool with a deadline; its standard output goes to a file when one is named.</summary>
internal static class Tool
{
    public static async Task<(int Exit, string Output)> RunAsync(string file, IEnumerable<string> args, TimeSpan timeout,
        string? stdoutFile = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? AppContext.BaseDirectory,
        };
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["NO_UPDATE_NOTIFIER"] = "1";
        start.Environment["REDOCLY_TELEMETRY"] = "off";
        start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
        start.Environment["KIOTA_TUTORIAL_ENABLED"] = "false";
        start.Environment["KIOTA_OFFLINE_ENABLED"] = "true";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try { await process.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return (-1, $"{file} did not finish in {timeout}. " + await stderr);
        }
        var output = await stdout;
        if (stdoutFile is not null) await File.WriteAllTextAsync(stdoutFile, output);
        return (process.ExitCode, (stdoutFile is null ? output : "") + await stderr);
    }
}
