using SharingLedger.Infrastructure.Marten;
using Wolverine.Http.Runtime.MultiTenancy;

namespace SharingLedger.Infrastructure.Http;

/// <summary>
/// Wolverine's tenant detection for every endpoint under <c>/consortia/{consortiumId}</c>: the route's consortium is the
/// tenant of every session Wolverine opens for the request (and of its <c>[Aggregate]</c>, <c>[WriteAggregate]</c> and
/// <c>[Document]</c> loads). Like Wolverine's <c>IsRouteArgumentNamed</c>, but the id is written in its one canonical form
/// (<see cref="ConsortiumTenancy.TenantOf"/>), so <c>/consortia/ABC…</c> and <c>/consortia/abc…</c> are the same tenant.
/// Routes without a consortium (<c>POST /consortia</c>, <c>GET /consortia</c>) get Marten's default tenant, which holds no
/// consortium's data.
/// </summary>
public sealed class ConsortiumRouteTenant : ITenantDetection, ISynchronousTenantDetection
{
    public const string RouteArgument = "consortiumId";

    public ValueTask<string?> DetectTenant(HttpContext context) => new(DetectTenantSynchronously(context));

    public string? DetectTenantSynchronously(HttpContext context)
    {
        if (!context.Request.RouteValues.TryGetValue(RouteArgument, out var value) || value is null) return null;
        var text = value.ToString();
        // Not an id: no consortium's tenant (the endpoint answers 404 on its own); never the default tenant.
        return Guid.TryParse(text, out var id) ? ConsortiumTenancy.TenantOf(id) : $"invalid:{text}";
    }

    public override string ToString() => $"Tenant Id is the consortium of route argument '{RouteArgument}'";
}
