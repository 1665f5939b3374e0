using JasperFx;
using SharingLedger.Development;
using SharingLedger.Host;

// Serving (no command given): start-up work the first answer needs, on a second core (Host/StartupWarmUp.cs). Commands
// (db-apply, codegen, verify-chain...) answer no request and skip it.
var serving = args.Length == 0;
if (serving) StartupWarmUp.MartenTypes();
var builder = WebApplication.CreateBuilder(args);
// A misspelt setting of the service's own (Tenancy__NewConsortiaIn, Auth__OperatorKeys__0__Key...) stops the start, named,
// instead of being ignored: Host/Settings.cs.
Settings.Check(builder.Configuration);
// Development only, and only without ConnectionStrings:Ledger: a private PostgreSQL for this process, stopped when it ends.
// Every other environment must be given a server (LedgerDatabase fails fast and says what to set).
await using var embedded = await DevelopmentDatabase.StartIfNeededAsync(builder);
builder.AddSharingLedger();

var app = builder.Build();
if (serving) StartupWarmUp.AfterBuild(app.Services);
app.UseSharingLedger();

// With no arguments this is the service: run it directly, since JasperFx's "run" first searches every referenced assembly
// for commands (about 0.1 s of a cold start, docs/performance.md). Arguments are commands: db-apply, codegen, verify-chain...
if (serving)
{
    await app.RunAsync();
    return 0;
}
return await app.RunJasperFxCommands(args);

/// <summary>Entry point, public so the HTTP tests can host it.</summary>
public partial class Program;
