using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
namespace SharingLedger.Access;

/// <summary>
/// Writes each operation's access rule, read from the endpoint's own declaration in its metadata (<see cref="AllowAttribute"/>
/// or <see cref="Microsoft.AspNetCore.Authorization.IAllowAnonymous"/>), into the OpenAPI document, with the problem-detail
/// answers every endpoint can give.
/// </summary>
public sealed class AccessInOpenApi : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var method = context.Description.HttpMethod ?? "GET";
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var anonymous = IsAnonymous(metadata);
        var allow = metadata.OfType<AllowAttribute>().LastOrDefault();
        var who = anonymous ? "Anonymous."
            : allow is null ? "Nobody (no access declared)."
            : allow.OperatorOnly ? $"Roles: {string.Join(", ", allow.Allowed)}, as a platform operator (no consortium)."
            : $"Roles: {string.Join(", ", allow.Allowed)}." + (allow.Allowed.Contains(Roles.Member) ? " A member system only for its own member." : "");
        // Replaces Wolverine's generated text (the route as an id); OperationContract puts the doc comment before it.
        operation.Description = who;

        operation.Responses ??= new OpenApiResponses();
        if (!anonymous)
        {
            Add(operation, "401", "No or invalid credentials (problem details).");
            Add(operation, "403", "The caller's role may not take this action (problem details).");
            Add(operation, "404", "Unknown id, or another consortium's or member's (problem details).");
            Add(operation, "429", "Too many requests; see Retry-After (problem details).");
        }
        if (method == "POST")
        {
            Add(operation, "400", "Malformed JSON or unknown fields (problem details).");
            Add(operation, "409", "A conflicting or stale write, or an Idempotency-Key still running (problem details).");
            Add(operation, "422", "A rule violation; `errors` names each field (problem details).");
        }
        return Task.CompletedTask;
    }

    /// <summary>Whether the endpoint declares itself open ([AllowAnonymous]), from its metadata.</summary>
    public static bool IsAnonymous(IEnumerable<object> metadata) =>
        metadata.OfType<Microsoft.AspNetCore.Authorization.IAllowAnonymous>().Any();

    private static void Add(OpenApiOperation operation, string status, string description)
    {
        if (!operation.Responses!.ContainsKey(status)) operation.Responses[status] = new OpenApiResponse { Description = description };
    }
}
