using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using SharingLedger.Infrastructure.Api;

namespace SharingLedger.Access;

/// <summary>The access rules as the OpenAPI document shows them (Infrastructure's <see cref="IOpenApiAccess"/>, from the <see cref="AccessMatrix"/>).</summary>
public sealed class OpenApiAccess : IOpenApiAccess
{
    private readonly AccessInOpenApi _describe = new();

    public Task DescribeAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct) =>
        _describe.TransformAsync(operation, context, ct);

    public bool IsAnonymous(string httpMethod, string template) =>
        AccessMatrix.Rules.GetValueOrDefault(AccessMatrix.KeyOf(httpMethod, template)) is { Anonymous: true };

    public IReadOnlyList<string> RoleNames => Roles.All;
}
