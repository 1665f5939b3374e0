using JasperFx.Events.Projections;
using Marten;
using SharingLedger.Infrastructure.Api;

namespace SharingLedger.Access;

/// <summary>What the Access slice registers: its Marten projections and indexes, and the services other slices find it by.</summary>
public static class AccessSetup
{
    public static IServiceCollection AddAccess(this IServiceCollection services)
    {
        services.AddSingleton<IOpenApiAccess, OpenApiAccess>(); // the access rules in the OpenAPI document
        services.AddSingleton<Infrastructure.Answers.IAnswerScope, ApiKeyAnswerScope>();
        var keys = new ApiKeyCache(TimeProvider.System);
        services.AddSingleton(keys);
        services.ConfigureMarten(opts =>
        {
            opts.Listeners.Add(new ApiKeyCache.Eviction(keys)); // a revoked or rotated key leaves the cache when that is committed
            opts.Projections.Snapshot<ApiKey>(SnapshotLifecycle.Inline);
            opts.Schema.For<ApiKey>().Index(k => k.ConsortiumId);
        });
        return services;
    }
}
