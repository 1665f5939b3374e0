using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
namespace SharingLedger.Access;

/// <summary>
/// Writes each operation's access rule from the <see cref="AccessMatrix"/> into the OpenAPI document,
/// with the problem-detail answers every endpoint can give.
/// </summary>
public sealed class AccessInOpenApi : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var method = context.Description.HttpMethod ?? "GET";
        var template = System.Text.RegularExpressions.Regex.Replace(context.Description.RelativePath ?? "", @":[a-z]+(?=\})", "");
        var rule = AccessMatrix.Rules.GetValueOrDefault(AccessMatrix.KeyOf(method, template));
        var who = rule switch
        {
            null => "Roles: admin (no explicit rule).",
            { Anonymous: true } => "Anonymous.",
            { OperatorOnly: true } => $"Roles: {string.Join(", ", rule.Roles)}, as a platform operator (no consortium).",
            _ => $"Roles: {string.Join(", ", rule.Roles)}." + (rule.Roles.Contains(Roles.Member) ? " A member system only for its own member." : ""),
        };
        // Replaces Wolverine's generated text (the route as an id); OperationContract puts the doc comment before it.
        operation.Description = who;

        operation.Responses ??= new OpenApiResponses();
        if (rule is not { Anonymous: true })
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

    private static void Add(OpenApiOperation operation, string status, string description)
    {
        if (!operation.Responses!.ContainsKey(status)) operation.Responses[status] = new OpenApiResponse { Description = description };
    }
}
