using Marten;

namespace SharingLedger.Infrastructure.Marten;

/// <summary>
/// The consortium is Marten's tenant (docs/decisions.md, "The consortium is the tenant"): every event and document of a
/// consortium is stored under the tenant id <see cref="TenantOf"/> its id, so a session opened for one consortium sees
/// nothing of another. HTTP requests get their session's tenant from the route (<see cref="Http.ConsortiumRouteTenant"/>);
/// everything else opens its sessions with <see cref="QueryFor"/> / <see cref="SessionFor"/>.
/// </summary>
public static class ConsortiumTenancy
{
    /// <summary>The tenant id of a consortium: its id in the canonical lowercase hyphenated form.</summary>
    public static string TenantOf(Guid consortiumId) => consortiumId.ToString("D");

    /// <summary>The consortium a tenant id names, if it names one (Marten's default tenant names none).</summary>
    public static Guid? ConsortiumOf(string? tenantId) => Guid.TryParse(tenantId, out var id) ? id : null;

    /// <summary>
    /// For raw SQL over tables keyed by consortium rather than tenant (the postings' running totals): the consortium when it is
    /// the session's tenant, otherwise <see cref="Guid.Empty"/>, which matches no row. So such a query, too, reads only the
    /// session's consortium, whatever id it is handed.
    /// </summary>
    public static Guid ConsortiumInScope(this IQuerySession session, Guid consortiumId) =>
        ConsortiumOf(session.TenantId) == consortiumId ? consortiumId : Guid.Empty;

    public static IQuerySession QueryFor(this IDocumentStore store, Guid consortiumId) => store.QuerySession(TenantOf(consortiumId));

    public static IDocumentSession SessionFor(this IDocumentStore store, Guid consortiumId) => store.LightweightSession(TenantOf(consortiumId));

    /// <summary>Consortia are placed in more than one database (Tenancy:Databases, <see cref="ConsortiumPlacement"/>).</summary>
    public static bool HasSeveralDatabases(this IDocumentStore store) =>
        store is DocumentStore d && d.Tenancy.Cardinality != JasperFx.Descriptors.DatabaseCardinality.Single;

    /// <summary>The connection pool of one of the store's databases (raw SQL next to Marten's own, in that database).</summary>
    public static Npgsql.NpgsqlDataSource DataSourceOf(global::Marten.Storage.IMartenDatabase database) => ((Weasel.Postgresql.PostgresqlDatabase)database).DataSource;

    /// <summary>One of the store's databases as the operator configured it: its name, host and port (never the password).</summary>
    public static string Describe(global::Marten.Storage.IMartenDatabase database)
    {
        var c = new Npgsql.NpgsqlConnectionStringBuilder(DataSourceOf(database).ConnectionString);
        return $"{c.Database} on {c.Host}:{c.Port}";
    }

    /// <summary>The connection pool of the database that holds the consortium (the tenant): the one database, unless consortia are placed in several.</summary>
    public static async Task<Npgsql.NpgsqlDataSource> DataSourceForAsync(this IDocumentStore store, string tenantId) =>
        DataSourceOf(await store.Storage.FindOrCreateDatabase(tenantId));

    /// <summary>
    /// Runs a read in every database of the store, one query session each (the operator's reads across consortia). With one
    /// database this is one ordinary session, as before consortia could be placed in several.
    /// </summary>
    public static async Task<List<T>> InEveryDatabaseAsync<T>(this IDocumentStore store, Func<IQuerySession, Task<T>> read, CancellationToken ct)
    {
        var databases = await store.Storage.AllDatabases();
        var results = new List<T>(databases.Count);
        if (databases.Count <= 1)
        {
            await using var session = store.QuerySession();
            results.Add(await read(session));
            return results;
        }
        foreach (var database in databases)
        {
            ct.ThrowIfCancellationRequested();
            await using var session = store.QuerySession(global::Marten.Services.SessionOptions.ForDatabase(database));
            results.Add(await read(session));
        }
        return results;
    }

    /// <summary>Every consortium that has stored an event, in every database: the tenants of the event log (the operator's view across them).</summary>
    public static async Task<IReadOnlyList<string>> TenantsWithEventsAsync(IDocumentStore store, CancellationToken ct)
    {
        var tenants = new List<string>();
        var databases = await store.Storage.AllDatabases();
        foreach (var database in databases)
        {
            await using var command = DataSourceOf(database).CreateCommand($"select distinct tenant_id from {MartenSetup.Schema}.mt_streams order by tenant_id");
            try
            {
                await using var reader = await command.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct)) tenants.Add(reader.GetString(0));
            }
            catch (Npgsql.PostgresException e) when (e.SqlState == Npgsql.PostgresErrorCodes.UndefinedTable)
            {
                // a new database: Marten has not created the event tables yet
            }
        }
        return databases.Count > 1 ? tenants.Order(StringComparer.Ordinal).ToList() : tenants;
    }
}
