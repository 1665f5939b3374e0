using JasperFx;
using SharingLedger.Development;
using SharingLedger.Host;

var builder = WebApplication.CreateBuilder(args);
// Development only, and only without ConnectionStrings:Ledger: a private PostgreSQL for this process, stopped when it ends.
// Every other environment must be given a server (LedgerDatabase fails fast and says what to set).
await using var embedded = await DevelopmentDatabase.StartIfNeededAsync(builder);
builder.AddSharingLedger();

var app = builder.Build();
app.UseSharingLedger();

return await app.RunJasperFxCommands(args);

/// <summary>Entry point, public so the HTTP tests can host it.</summary>
public partial class Program;
