using JasperFx.CommandLine;
using Marten;
using NodaTime;

namespace SharingLedger.Loans.Import;

public sealed class ImportLoansInput : NetCoreInput
{
    [Description("The loan-history file: CSV with a header row, or JSON lines")]
    public string File { get; set; } = "";

    [Description("The consortium the loans belong to (its id)")]
    public string ConsortiumFlag { get; set; } = "";
}

/// <summary>
/// <c>dotnet SharingLedger.dll import-loans FILE --consortium ID</c> (or <c>dotnet run --project src/SharingLedger -- import-loans …</c>):
/// imports a year of loan history into the configured database without starting the web host, with a progress bar.
/// Every line is decided first; refused lines are listed with their numbers and then nothing is recorded (exit code 1).
/// </summary>
[Description("Import loan history (requests and their steps) from CSV or JSON lines: all lines or none", Name = "import-loans")]
public sealed class ImportLoansCommand : JasperFxAsyncCommand<ImportLoansInput>
{
    public override async Task<bool> Execute(ImportLoansInput input)
    {
        if (!Guid.TryParse(input.ConsortiumFlag, out var consortiumId))
        {
            Console.WriteLine($"'{input.ConsortiumFlag}' is not a consortium id (--consortium).");
            return false;
        }
        if (!System.IO.File.Exists(input.File))
        {
            Console.WriteLine($"No file '{input.File}'.");
            return false;
        }
        using var host = input.BuildHost();
        var store = host.Services.GetRequiredService<IDocumentStore>();
        long total = 0;
        using (var counting = System.IO.File.OpenText(input.File)) while (counting.ReadLine() is not null) total++;
        var bar = new ConsoleProgressBar(Console.Out);
        using var file = System.IO.File.OpenText(input.File);
        var started = System.Diagnostics.Stopwatch.StartNew();
        var result = await LoanHistoryImport.RunAsync(store, host.Services.GetRequiredService<ISettledMonths>(), consortiumId, file,
            host.Services.GetRequiredService<IClock>(), $"import-loans ({Environment.UserName})", bar.Show, CancellationToken.None, total);
        bar.Done();
        if (result.Rejects.Count > 0)
        {
            Console.WriteLine($"{result.Rejects.Select(r => r.Line).Distinct().Count()} of {result.Lines} lines refused; nothing was recorded:");
            foreach (var r in result.Rejects.Take(1000)) Console.WriteLine($"  line {r.Line}: {r.Field}: {r.Message}");
            if (result.Rejects.Count > 1000) Console.WriteLine($"  … and {result.Rejects.Count - 1000} more.");
            return false;
        }
        Console.WriteLine($"{result.Lines} lines: {result.Loans} loans, {result.Events} events recorded in {started.Elapsed.TotalSeconds:0.0} s.");
        return true;
    }
}

/// <summary>A one-line progress bar: <c>decided [#####-----] 52% 520000/1000000</c>, redrawn in place.</summary>
public sealed class ConsoleProgressBar(TextWriter output, int width = 30)
{
    private string _last = "";

    public void Show(LoanImportProgress p)
    {
        var fraction = p.Total <= 0 ? 1 : Math.Min(1, (double)p.Done / p.Total);
        var filled = (int)(fraction * width);
        var text = $"{p.Phase,-15} [{new string('#', filled)}{new string('-', width - filled)}] {fraction,4:P0} {p.Done}/{p.Total}";
        if (text == _last) return;
        output.Write("\r" + text);
        _last = text;
    }

    public void Done()
    {
        if (_last.Length > 0) output.WriteLine();
        _last = "";
    }
}
