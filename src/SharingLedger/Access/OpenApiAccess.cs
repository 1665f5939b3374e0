using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using SharingLedger.Infrastructure.Api;

namespace SharingLedger.Access;

/// <summary>The access rules as the OpenAPI document shows them (Infrastructure's <see cref="IOpenApiAccess"/>, from each endpoint's <see cref="AllowAttribute"/>).</summary>
public sealed class OpenApiAccess : IOpenApiAccess
{
    private readonly AccessInOpenApi _describe = new();

    public Task DescribeAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct) =>
        _describe.TransformAsync(operation, context, ct);

    public bool IsAnonymous(IEnumerable<object> endpointMetadata) => AccessInOpenApi.IsAnonymous(endpointMetadata);

    public IReadOnlyList<string> RoleNames => Roles.All;
}
