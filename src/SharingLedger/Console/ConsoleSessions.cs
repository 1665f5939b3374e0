using Marten;
using SharingLedger.Access;
using SharingLedger.Infrastructure.Marten;

namespace SharingLedger.WebConsole;

/// <summary>
/// The sessions the console's pages are given: the signed-in user's consortium is their tenant, as the route's consortium
/// is the tenant of an API endpoint's sessions (Wolverine opens those itself and never asks this factory). Anything else
/// that asks the container for a session (outside a console page) gets the store's default, as before.
/// </summary>
public sealed class ConsoleSessions(IDocumentStore store, IHttpContextAccessor http) : ISessionFactory
{
    public IQuerySession QuerySession() => Tenant() is { } consortium ? store.QueryFor(consortium) : store.QuerySession();

    public IDocumentSession OpenSession() => Tenant() is { } consortium ? store.SessionFor(consortium) : store.LightweightSession();

    private Guid? Tenant() =>
        http.HttpContext is { } context && context.GetEndpoint()?.Metadata.GetMetadata<ConsoleEndpoint>() is not null
            ? ConsoleUser.From(context.User)?.ConsortiumId
            : null;
}
