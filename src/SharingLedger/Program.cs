using JasperFx;
using SharingLedger.Development;
using SharingLedger.Host;

StartupWarmUp.MartenTypes(); // on a second core while the host is configured (Host/StartupWarmUp.cs)
var builder = WebApplication.CreateBuilder(args);
// Development only, and only without ConnectionStrings:Ledger: a private PostgreSQL for this process, stopped when it ends.
// Every other environment must be given a server (LedgerDatabase fails fast and says what to set).
await using var embedded = await DevelopmentDatabase.StartIfNeededAsync(builder);
builder.AddSharingLedger();

var app = builder.Build();
StartupWarmUp.AfterBuild(app.Services);
app.UseSharingLedger();

// With no arguments this is the service: run it directly, since JasperFx's "run" first searches every referenced assembly
// for commands (about 0.1 s of a cold start, docs/performance.md). Arguments are commands: db-apply, codegen, verify-chain...
if (args.Length == 0)
{
    await app.RunAsync();
    return 0;
}
return await app.RunJasperFxCommands(args);

/// <summary>Entry point, public so the HTTP tests can host it.</summary>
public partial class Program;
