using System.Collections.Concurrent;
using JasperFx.MultiTenancy;
using Marten;
using Marten.Storage;
using Npgsql;
using Weasel.Postgresql.Connections;
using Weasel.Postgresql;

namespace SharingLedger.Infrastructure.Marten;

/// <summary>
/// Where consortia live when the deployment has more than one database (docs/architecture.md, "More than one database, more than one node").
/// Configuration: <c>Tenancy:Databases:{name}</c> = a connection string (any server) beside the main database
/// (<c>ConnectionStrings:Ledger</c>, named <see cref="Main"/>); <c>Tenancy:NewConsortiaIn</c> = the database new consortia
/// are established in (default <see cref="Main"/>); <c>Tenancy:Consortia:{consortium id}</c> = a database, to pin one.
/// Without <c>Tenancy:Databases</c> there is one database and the store is exactly the single conjoined store.
/// </summary>
public sealed record ConsortiumDatabases(string MainConnectionString, IReadOnlyDictionary<string, string> Others, string NewConsortiaIn,
    IReadOnlyDictionary<string, string> Pinned)
{
    public const string Main = "main";

    public IEnumerable<(string Name, string ConnectionString)> All => Others.Select(o => (o.Key, o.Value)).Prepend((Main, MainConnectionString));

    /// <summary>Consortia are placed in more than one database (<c>Tenancy:Databases</c> names at least one beside the main).</summary>
    public static bool AreConfigured(IConfiguration configuration) =>
        configuration.GetSection("Tenancy:Databases").GetChildren().Any(c => !string.IsNullOrWhiteSpace(c.Value));

    /// <summary>The configured databases, or null when the deployment has one (no <c>Tenancy:Databases</c>).</summary>
    public static ConsortiumDatabases? From(IConfiguration configuration, string mainConnectionString)
    {
        var others = configuration.GetSection("Tenancy:Databases").GetChildren()
            .Where(c => !string.IsNullOrWhiteSpace(c.Value)).ToDictionary(c => c.Key, c => c.Value!, StringComparer.Ordinal);
        if (others.Count == 0) return null;
        if (others.ContainsKey(Main)) throw new InvalidOperationException($"Tenancy:Databases:{Main} is the main database (ConnectionStrings:Ledger); name the others differently.");
        var names = others.Keys.Append(Main).ToHashSet(StringComparer.Ordinal);
        var newIn = configuration["Tenancy:NewConsortiaIn"] is { Length: > 0 } n ? n : Main;
        var pinned = configuration.GetSection("Tenancy:Consortia").GetChildren()
            .ToDictionary(c => Guid.TryParse(c.Key, out var id) ? ConsortiumTenancy.TenantOf(id) : c.Key, c => c.Value ?? "", StringComparer.Ordinal);
        foreach (var name in pinned.Values.Append(newIn).Where(x => !names.Contains(x)))
            throw new InvalidOperationException($"Tenancy names the database '{name}', which is not configured (Tenancy:Databases:{name}).");
        return new ConsortiumDatabases(mainConnectionString, others, newIn, pinned);
    }
}

/// <summary>
/// Marten's static database-per-tenant multi-tenancy (<see cref="StaticMultiTenancy"/>, conjoined tenancy inside each
/// database), with one placement rule added for consortia established at run time, whose ids no configuration can list:
/// a consortium is in the database it is pinned to, else in the database that holds its streams (looked up once per
/// process), else in <see cref="ConsortiumDatabases.NewConsortiaIn"/>, which also holds the default tenant, so
/// <c>POST /consortia</c> starts the new consortium's stream in the same transaction as today. Every node, given the
/// same configuration, places every consortium alike. Marten does the rest: sessions, migrations of every database
/// (<c>db-apply</c>), one async daemon per database.
/// </summary>
public sealed class ConsortiumPlacement : StaticMultiTenancy, ITenancy
{
    private readonly ConsortiumDatabases _databases;
    private readonly ConcurrentDictionary<string, Tenant> _placed = new(StringComparer.Ordinal);

    public ConsortiumPlacement(INpgsqlDataSourceFactory dataSources, StoreOptions options, ConsortiumDatabases databases) : base(dataSources, options)
    {
        _databases = databases;
        foreach (var (name, connectionString) in databases.All)
        {
            var expression = AddMultipleTenantDatabase(connectionString, name);
            if (name == databases.NewConsortiaIn) expression.ForTenants().AsDefault();
        }
    }

    private IMartenDatabase Named(string name) => base.FindOrCreateDatabase(name).Result; // registered above: completes synchronously

    // Only a placement that will not change is kept: pinned, or found by the consortium's streams. The fallback is not,
    // so ids that name no consortium (any route's) never grow the cache, and a consortium established after a first
    // lookup is then found where its streams are.
    private Tenant Place(string tenantId)
    {
        if (tenantId == Default.TenantId) return Default;
        if (_placed.TryGetValue(tenantId, out var known)) return known;
        if ((_databases.Pinned.GetValueOrDefault(tenantId) ?? HoldingStreams(tenantId)) is { } name)
            return _placed.GetOrAdd(tenantId, id => new Tenant(id, Named(name)));
        return new Tenant(tenantId, Named(_databases.NewConsortiaIn));
    }

    /// <summary>The database that holds the consortium's streams (its first stream is its establishment), if any does.</summary>
    private string? HoldingStreams(string tenantId)
    {
        foreach (var (name, _) in _databases.All)
        {
            try
            {
                using var command = ConsortiumTenancy.DataSourceOf(Named(name))
                    .CreateCommand($"select exists (select 1 from {MartenSetup.Schema}.mt_streams where tenant_id = $1)");
                command.Parameters.Add(new NpgsqlParameter { Value = tenantId });
                if (command.ExecuteScalar() is true) return name;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
            {
                // a database Marten has not created the event tables in yet holds no consortium
            }
        }
        return null;
    }

    Tenant ITenancy.GetTenant(string tenantId) => Place(tenantId);

    ValueTask<Tenant> ITenancy.GetTenantAsync(string tenantId) => ValueTask.FromResult(Place(tenantId));

    ValueTask<IMartenDatabase> ITenancy.FindOrCreateDatabase(string tenantIdOrDatabaseIdentifier) =>
        _databases.All.Any(d => d.Name == tenantIdOrDatabaseIdentifier)
            ? base.FindOrCreateDatabase(tenantIdOrDatabaseIdentifier)
            : ValueTask.FromResult(Place(tenantIdOrDatabaseIdentifier).Database);

    bool ITenancy.IsTenantStoredInCurrentDatabase(IMartenDatabase database, string tenantId) => ReferenceEquals(Place(tenantId).Database, database);
}
