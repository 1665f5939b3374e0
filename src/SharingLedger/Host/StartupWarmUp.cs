using Marten;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Npgsql;

namespace SharingLedger.Host;

/// <summary>
/// Cold start (issue 11 item 8, docs/performance.md "Cold start"). Most of a start is one thread building the host while
/// the second core idles. These start, on the thread pool, work the first answer needs anyway, so that it runs beside
/// the main thread instead of after it. Each is an ordinary call whose result the framework caches; if one fails (no
/// database yet) nothing is lost: the same work runs again where it always did, and reports its error there.
/// </summary>
public static class StartupWarmUp
{
    /// <summary>Marten's type-level set-up (its PostgreSQL type map, event metadata columns, resilience pipeline), built once
    /// per process: started before the host is configured, it is done or half-done when the store is configured.</summary>
    public static void MartenTypes() => Run(() => _ = new StoreOptions());

    /// <summary>After <c>Build</c>: the console's page descriptors (Razor Pages builds them when it maps its endpoints; the
    /// provider builds them once under a lock, so the mapping then takes them ready) and the first pooled connection with
    /// PostgreSQL's type catalogue, which the first request would otherwise load.</summary>
    public static void AfterBuild(IServiceProvider services)
    {
        Run(() => _ = services.GetRequiredService<IActionDescriptorCollectionProvider>().ActionDescriptors);
        Run(async () =>
        {
            await using var connection = await services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync();
        });
    }

    private static void Run(Action work) => Task.Run(() =>
    {
        try { work(); }
        catch { /* the same work runs again on the start's own path, and fails there visibly */ }
    });

    private static void Run(Func<Task> work) => Task.Run(async () =>
    {
        try { await work(); }
        catch { /* as above */ }
    });
}
