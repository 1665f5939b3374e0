using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace SharingLedger.Infrastructure.Api;

/// <summary>
/// What the OpenAPI document needs to know about access. Infrastructure names no slice: the Access slice implements this
/// and registers it (AddAccess), and the document's transformers ask it through the application's services.
/// </summary>
public interface IOpenApiAccess
{
    /// <summary>Writes who may call the operation (its description) and the problem answers that follow; runs before <see cref="OperationContract"/>.</summary>
    Task DescribeAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct);

    /// <summary>Whether the operation needs no credentials, from its endpoint's own declaration in its metadata.</summary>
    bool IsAnonymous(IEnumerable<object> endpointMetadata);

    /// <summary>The role names a <c>roles</c> property may hold.</summary>
    IReadOnlyList<string> RoleNames { get; }
}
