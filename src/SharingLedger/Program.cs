using JasperFx;
using SharingLedger.Infrastructure;

var builder = WebApplication.CreateBuilder(args);
builder.AddSharingLedger();

var app = builder.Build();
app.UseSharingLedger();

return await app.RunJasperFxCommands(args);

/// <summary>Entry point, public so the HTTP tests can host it.</summary>
public partial class Program;
