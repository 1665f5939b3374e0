using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace SharingLedger.Infrastructure.Database;

/// <summary>
/// The service's database: <c>ConnectionStrings:Ledger</c> when configured, otherwise a private
/// embedded PostgreSQL started now and stopped when the host is disposed.
/// </summary>
public sealed class LedgerDatabase : IAsyncDisposable
{
    public const string ConnectionStringName = "Ledger";

    private readonly EmbeddedPostgres? _embedded;

    public string ConnectionString { get; }
    public bool IsEmbedded => _embedded is not null;

    private LedgerDatabase(string connectionString, EmbeddedPostgres? embedded)
    {
        ConnectionString = connectionString;
        _embedded = embedded;
    }

    public static LedgerDatabase Resolve(IConfiguration configuration, ILogger logger)
    {
        var configured = configuration.GetConnectionString(ConnectionStringName);
        if (!string.IsNullOrWhiteSpace(configured)) return new LedgerDatabase(configured, null);

        var options = new EmbeddedPostgresOptions(
            configuration["EmbeddedPostgres:DataRoot"] ?? DataRoot.Locate(),
            configuration["EmbeddedPostgres:Name"] ?? "dev");
        // Host construction is synchronous; starting the server is a one-off at boot.
        var embedded = EmbeddedPostgres.StartAsync(options, logger).GetAwaiter().GetResult();
        return new LedgerDatabase(embedded.ConnectionString, embedded);
    }

    public async ValueTask DisposeAsync()
    {
        if (_embedded is not null) await _embedded.DisposeAsync();
    }
}
