using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace SharingLedger.Infrastructure.Api;

/// <summary>
/// The whole document: what the API is, its security schemes, the capability tags with their descriptions, and one
/// problem-details schema (RFC 9457, with <c>errors</c> and <c>traceId</c>) that every error answer refers to.
/// </summary>
public sealed class DocumentContract : IOpenApiDocumentTransformer
{
    private static readonly Dictionary<string, string> ErrorAnswers = new()
    {
        ["400"] = "Malformed input: unreadable JSON, an unknown field or a value of the wrong type.",
        ["401"] = "No credentials, or credentials the ledger does not accept.",
        ["403"] = "The caller's role may not take this action.",
        ["404"] = "Unknown id, or another consortium's or member's.",
        ["409"] = "A conflicting or stale write, or an Idempotency-Key whose first request is still running.",
        ["413"] = "The request body is too large.",
        ["422"] = "A rule violation; `errors` names each field.",
        ["429"] = "Too many requests; wait for Retry-After seconds.",
        ["500"] = "An internal error. A write sent with an Idempotency-Key can be retried with the same key to learn whether it was recorded.",
        ["503"] = "The ledger's database cannot be reached; for a write the outcome is unknown. Retry after Retry-After seconds with the same Idempotency-Key.",
    };

    public async Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken ct)
    {
        document.Info = new OpenApiInfo
        {
            Title = "SharingLedger API",
            Version = "v1",
            Summary = "The resource-sharing ledger of a library consortium.",
            Description = "Every membership change, agreement version, dues assessment, shared subscription, joint procurement, interlibrary "
                          + "loan, payment and period close is an immutable event; every figure comes with its explanation.\n\n"
                          + "Amounts are `Money`: `{\"amount\": \"27000.00\", \"currency\": \"EUR\"}`. Dates are ISO 8601 (`2026-01-01`), instants are UTC "
                          + "(`2026-03-31T23:59:59Z`). Errors are RFC 9457 problem details. POSTs accept an `Idempotency-Key`; every answer carries "
                          + "`X-Correlation-Id`.",
            License = new OpenApiLicense { Name = "Proprietary", Url = new Uri("https://sharingledger.example/license") },
            Contact = new OpenApiContact { Name = "SharingLedger", Url = new Uri("https://sharingledger.example") },
        };
        // Relative to wherever the document is served from, so one document fits every deployment.
        document.Servers = [new OpenApiServer { Url = "/", Description = "This ledger (the host serving this document)." }];

        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
        {
            [OpenApiContract.ApiKeyScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = "X-Api-Key",
                Description = "An API key issued by the consortium (POST /consortia/{consortiumId}/api-keys) or configured for an operator.",
            },
            [OpenApiContract.BearerScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http, Scheme = "bearer", BearerFormat = "JWT",
                Description = "A token from the consortium's identity provider with the claims sub, role, consortium_id and (for a member system) member_id.",
            },
        };

        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas[OpenApiContract.ProblemSchema] = Problem();
        document.Tags = new HashSet<OpenApiTag>(Capabilities.Tags().DistinctBy(c => c.Name)
            .Select(c => new OpenApiTag { Name = c.Name, Description = c.Description }));

        foreach (var operation in (document.Paths ?? []).Values.SelectMany(p => p.Operations ?? []).Select(o => o.Value))
        {
            foreach (var (status, response) in operation.Responses ?? [])
            {
                if (response is not OpenApiResponse r || !ErrorAnswers.TryGetValue(status, out var description)) continue;
                r.Description = description;
                r.Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference(OpenApiContract.ProblemSchema, document) },
                };
            }
        }

        // .NET types no answer names any more (Wolverine's assumed IResult, the framework's problem types) are dropped.
        var json = await document.SerializeAsJsonAsync(OpenApiSpecVersion.OpenApi3_1, ct);
        foreach (var dotnet in new[] { "IResult", "ProblemDetails", "HttpValidationProblemDetails" })
            if (!json.Contains($"\"#/components/schemas/{dotnet}\"", StringComparison.Ordinal)) document.Components.Schemas.Remove(dotnet);
    }

    private static OpenApiSchema Problem() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "RFC 9457 problem details. A refused request records nothing.",
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uri-reference", Description = "What kind of problem, e.g. https://sharingledger.example/problems/rule-violated." },
            ["title"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "A short summary of the kind of problem." },
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Description = "The HTTP status code." },
            ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "What went wrong with this request, in words." },
            ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The request the problem is about." },
            ["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The trace id of the request, to quote to the operator." },
            ["errors"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "For a 422 (and some 400s): each field at fault, with what is wrong with it.",
                AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
                Examples = [new JsonObject { ["fiscalYear"] = new JsonArray("Must be a year such as 2026.") }],
            },
        },
        Required = new HashSet<string> { "type", "title", "status" },
    };
}
