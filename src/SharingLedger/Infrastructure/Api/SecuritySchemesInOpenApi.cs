using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace SharingLedger.Infrastructure.Api;

/// <summary>
/// Declares the two ways in, an API key in <c>X-Api-Key</c> and a bearer token (JWT), as the document's security
/// schemes, either of them required by every operation in the document (the open endpoints, health and the document
/// itself, are not in it). The API reference offers exactly these two to fill in.
/// </summary>
public sealed class SecuritySchemesInOpenApi : IOpenApiDocumentTransformer
{
    public const string ApiKey = "ApiKey";
    public const string Bearer = "Bearer";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken ct)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[ApiKey] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = "X-Api-Key",
            Description = "An issued API key (POST /consortia/{id}/api-keys) or an operator key.",
        };
        document.Components.SecuritySchemes[Bearer] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "A bearer token from the consortium's identity provider.",
        };
        // Either scheme will do: two requirements, each with one scheme.
        document.Security =
        [
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKey, document)] = [] },
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Bearer, document)] = [] },
        ];
        return Task.CompletedTask;
    }
}
