namespace SharingLedger.Infrastructure.Database;

/// <summary>
/// The service's database is always a configured server: <c>ConnectionStrings:Ledger</c> (environment variable
/// <c>ConnectionStrings__Ledger</c>). Only development starts one for itself, before the host is built
/// (<see cref="Development.DevelopmentDatabase"/>); the service never starts or owns a PostgreSQL.
/// </summary>
public static class LedgerDatabase
{
    public const string ConnectionStringName = "Ledger";

    /// <summary>The configured connection string; without one the host does not start, and the message says what to set.</summary>
    public static string ConnectionString(IConfiguration configuration, IHostEnvironment environment)
    {
        var configured = configuration.GetConnectionString(ConnectionStringName);
        if (!string.IsNullOrWhiteSpace(configured)) return configured;
        throw new MissingConnectionStringException(
            $"No database is configured (environment '{environment.EnvironmentName}'). Set the connection string:\n" +
            "  ConnectionStrings__Ledger='Host=...;Port=5432;Database=sharingledger;Username=...;Password=...'\n" +
            "and create or migrate the schema once per release with: dotnet SharingLedger.dll db-apply\n" +
            "(Only ASPNETCORE_ENVIRONMENT=Development, as scripts/run sets, starts a private embedded PostgreSQL.)");
    }
}

/// <summary>Raised at start-up outside Development when <c>ConnectionStrings:Ledger</c> is missing or blank.</summary>
public sealed class MissingConnectionStringException(string message) : Exception(message);
