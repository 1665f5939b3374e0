using Microsoft.Extensions.Logging.Abstractions;
using SharingLedger.Infrastructure.Database;

namespace SharingLedger.Development;

/// <summary>
/// Development support, outside the service's dependency injection: in the Development environment with no
/// <c>ConnectionStrings:Ledger</c>, starts a private embedded PostgreSQL (cluster <c>dev</c> under <c>.data</c>) before the
/// host is built and puts its connection string into the configuration. The caller disposes it when the process ends.
/// Every other environment gets nothing from here: <see cref="LedgerDatabase.ConnectionString"/> then demands a configured server.
/// </summary>
public static class DevelopmentDatabase
{
    public static async Task<EmbeddedPostgres?> StartIfNeededAsync(WebApplicationBuilder builder)
    {
        if (!builder.Environment.IsDevelopment()) return null;
        if (!string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(LedgerDatabase.ConnectionStringName))) return null;

        var options = new EmbeddedPostgresOptions(
            builder.Configuration["EmbeddedPostgres:DataRoot"] ?? DataRoot.Locate(),
            builder.Configuration["EmbeddedPostgres:Name"] ?? "dev");
        using var loggers = LoggerFactory.Create(l => l.AddSimpleConsole(o => o.SingleLine = true));
        var embedded = await EmbeddedPostgres.StartAsync(options, loggers.CreateLogger("EmbeddedPostgres"));
        builder.Configuration[$"ConnectionStrings:{LedgerDatabase.ConnectionStringName}"] = embedded.ConnectionString;
        return embedded;
    }
}
