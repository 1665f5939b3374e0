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

    /// <summary>Every consortium that has stored an event: the tenants of the event log (the operator's view across them).</summary>
    public static async Task<IReadOnlyList<string>> TenantsWithEventsAsync(Npgsql.NpgsqlDataSource dataSource, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand($"select distinct tenant_id from {MartenSetup.Schema}.mt_streams order by tenant_id");
        var tenants = new List<string>();
        try
        {
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) tenants.Add(reader.GetString(0));
        }
        catch (Npgsql.PostgresException e) when (e.SqlState == Npgsql.PostgresErrorCodes.UndefinedTable)
        {
            // a new database: Marten has not created the event tables yet
        }
        return tenants;
    }
}
