using System.Text.Json;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Wolverine.Http;

namespace SharingLedger.Infrastructure.Api;

/// <summary>
/// Per operation: its capability tag, summary and description from the endpoint's doc comment, a stable operation id,
/// the security requirement from the endpoint's access declaration (read through <see cref="IOpenApiAccess"/>), every parameter described (with the Idempotency-Key and
/// X-Correlation-Id headers), and the headers each answer carries (Location, X-Total-Count, Link, Retry-After).
/// </summary>
public sealed partial class OperationContract : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var chain = context.Description.ActionDescriptor.EndpointMetadata.OfType<HttpChain>().FirstOrDefault();
        if (chain is null) return Task.CompletedTask;
        var method = chain.Method.Method;
        var handler = chain.Method.HandlerType;
        var httpMethod = context.Description.HttpMethod ?? "GET";
        var template = Regex.Replace(context.Description.RelativePath ?? "", @":[a-z]+(?=\})", "");
        var anonymous = context.ApplicationServices.GetService<IOpenApiAccess>()?.IsAnonymous(context.Description.ActionDescriptor.EndpointMetadata) == true;

        // Tag, summary, description, id.
        var capability = Capabilities.Of(handler);
        operation.Tags = new HashSet<OpenApiTagReference> { new(capability.Name, context.Document) };
        var doc = XmlDocs.For(method) ?? XmlDocs.For(handler);
        var who = operation.Description; // the access rule IOpenApiAccess wrote
        if (doc is not null)
        {
            operation.Summary = XmlDocs.FirstSentence(doc);
            operation.Description = doc == operation.Summary + "." || doc == operation.Summary ? who : doc + "\n\n" + who;
        }
        operation.OperationId = OperationIds.Of(handler, method);

        // Security: either scheme will do; anonymous operations say so with an empty requirement list.
        operation.Security = anonymous ? [] :
        [
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(OpenApiContract.ApiKeyScheme, context.Document)] = [] },
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(OpenApiContract.BearerScheme, context.Document)] = [] },
        ];

        // Parameters.
        operation.Parameters ??= [];
        foreach (var p in operation.Parameters.OfType<OpenApiParameter>())
        {
            p.Description ??= XmlDocs.Param(method, p.Name!) ?? Parameters.Describe(p.Name!, template);
            // A path parameter that names an enum member ([PathEnum] on the endpoint) lists the member names, camel-cased as in the route.
            if (p.In == ParameterLocation.Path && p.Schema is OpenApiSchema s && method.GetCustomAttributes<PathEnumAttribute>().FirstOrDefault(e => e.Parameter == p.Name) is { } named)
                s.Enum = Enum.GetNames(named.EnumType).Select(n => (JsonNode)JsonValue.Create(JsonNamingPolicy.CamelCase.ConvertName(n))!).ToList();
        }
        if (httpMethod == "POST" && !method.IsDefined(typeof(IdempotentByItselfAttribute), false))
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = IdempotencyPolicy.Header, In = ParameterLocation.Header, Required = false,
                Description = "Makes the POST safe to retry: a repeat with the same key and body within 24 hours gets the first answer and records "
                              + "nothing new; the same key with another body is a 422; a repeat while the first is still running is a 409.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 255 },
            });
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = OpenApiContract.CorrelationHeader, In = ParameterLocation.Header, Required = false,
            Description = "The caller's id for this request (letters, digits, '.', '-', '_'; up to 64), echoed in the answer and the logs.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, Pattern = "^[A-Za-z0-9._-]{1,64}$" },
        });

        // Response headers.
        operation.Responses ??= new OpenApiResponses();
        var conditional = operation.Responses.ContainsKey("304"); // a stored answer (StoredAnswerResult): asked for again with its tag
        if (conditional)
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = "If-None-Match", In = ParameterLocation.Header, Required = false,
                Description = "The ETag of the answer the caller holds: while today's answer (no date, instant or page asked for) is still the same, "
                              + "the answer is 304 with no body.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
        // An endpoint that creates answers 201 only; Wolverine's assumed 200 (an untyped IResult) is not one of its answers.
        if (operation.Responses.ContainsKey("201")) operation.Responses.Remove("200");
        var paged = operation.Parameters.Any(p => p.Name == "limit" && p.In == ParameterLocation.Query);
        foreach (var (status, response) in operation.Responses)
        {
            if (response is not OpenApiResponse r) continue;
            r.Headers ??= new Dictionary<string, IOpenApiHeader>();
            r.Headers[OpenApiContract.CorrelationHeader] = Header("The request's correlation id: the caller's X-Correlation-Id, or one the ledger made.");
            if (status == "201") r.Headers["Location"] = Header("Where the created resource (or the view it changed) can be read.", "uri-reference");
            if (status is "429" or "503") r.Headers["Retry-After"] = Header("Seconds to wait before trying again.", type: JsonSchemaType.Integer);
            if (conditional && status is "200" or "304")
            {
                if (status == "304") r.Description = "Not Modified: today's answer is still the one the If-None-Match header names.";
                r.Headers["ETag"] = Header("Today's answer's tag (weak: the same whichever encoding), to send back in If-None-Match; absent on other answers.");
                r.Headers["Cache-Control"] = Header($"'{Answers.StoredAnswerResult.CacheControl}' on today's answer: kept by the caller only, and asked for again each time.");
            }
            if (status == "200" && paged)
            {
                r.Headers["X-Total-Count"] = Header("How many items there are in all, across pages.", type: JsonSchemaType.Integer);
                r.Headers["Link"] = Header("RFC 8288 links to the next and previous pages (rel=\"next\", rel=\"prev\"), where there are some.");
            }
        }
        return Task.CompletedTask;
    }

    private static OpenApiHeader Header(string description, string? format = null, JsonSchemaType type = JsonSchemaType.String) => new()
    {
        Description = description,
        Schema = new OpenApiSchema { Type = type, Format = format },
    };
}

/// <summary>One tag per capability of the ledger, named from the endpoint's slice (namespace).</summary>
public static class Capabilities
{
    public sealed record Capability(string Name, string Description);

    public static readonly IReadOnlyDictionary<string, Capability> BySlice = new Dictionary<string, Capability>
    {
        ["Consortia"] = new("Consortia", "Establish a consortium and read it: region, organisation and governance model, base currency, fiscal year and time zone."),
        ["Membership"] = new("Members", "Admit, change and withdraw member libraries; their effective-dated figures and identifiers."),
        ["Agreements"] = new("Agreements", "Adopt agreement versions: dues rules, sharing terms, lending terms and in-kind rates, effective from a date."),
        ["Restatements"] = new("Restatements", "Re-price what a retroactive amendment touches, and the before-and-after report."),
        ["Dues"] = new("Dues", "Assess a fiscal year's dues under the agreement in force, each share explained."),
        ["Obligations"] = new("Obligations", "What a member owes for a year, each item explained; as of a date and as the ledger knew it at an instant."),
        ["History"] = new("History", "Every event about a member, in recorded order."),
        ["Subscriptions"] = new("Shared subscriptions", "Shared electronic resources: terms, invoices, participants, usage and apportionments."),
        ["Sushi"] = new("Shared subscriptions", ""),
        ["Procurement"] = new("Joint procurement", "Joint purchases: proposal, commitments, award, invoice and the shares of the committed members."),
        ["Collecting"] = new("Cooperative collecting", "Subject collecting assignments, their budgets and reported spend, and who holds a subject."),
        ["InKind"] = new("In-kind contributions", "Services and goods a member contributes, valued at the agreement's rates and credited to its obligations."),
        ["Loans"] = new("Interlibrary loans", "Loan and copy requests through the ISO 18626 lifecycle, monthly clearing, reimbursement and statistics."),
        ["Iso18626"] = new("ISO 18626", "The ISO 18626 XML intake for interlibrary loan systems."),
        ["Statistics"] = new("Interlibrary loans", ""),
        ["Clearing"] = new("Interlibrary loans", ""),
        ["Reimbursement"] = new("Interlibrary loans", ""),
        ["LendingDuties"] = new("Interlibrary loans", ""),
        ["Ledger"] = new("Ledger", "Double-entry postings, member accounts (payments, credit notes, disputes, write-offs), statements and balances, with CSV and XLSX exports."),
        ["Exports"] = new("Ledger", ""),
        ["Vendors"] = new("Ledger", ""),
        ["Reconciliation"] = new("Reconciliation", "Each shared cost against its invoice and the shares billed."),
        ["Audit"] = new("Audit", "The hash-chained event log's verification and the closing and reopening of fiscal periods."),
        ["Access"] = new("API keys", "Issue, rotate, revoke and list the API keys member systems and staff call with."),
    };

    public static Capability Of(Type handler)
    {
        var slice = handler.Namespace?.Split('.').LastOrDefault() ?? "";
        return BySlice.TryGetValue(slice, out var c) ? c : new Capability("Other", "");
    }

    /// <summary>The tags in the order they appear in the reference, with their descriptions.</summary>
    public static IEnumerable<Capability> Tags() =>
        BySlice.Values.Where(c => c.Description.Length > 0);
}

/// <summary>Operation ids a generator can name methods after: the endpoint class without "Endpoint", and the method unless it is the verb.</summary>
public static class OperationIds
{
    public static string Of(Type handler, MethodInfo method)
    {
        var type = handler.Name;
        foreach (var suffix in new[] { "Endpoints", "Endpoint" })
            if (type.EndsWith(suffix, StringComparison.Ordinal)) type = type[..^suffix.Length];
        var name = method.Name is "Get" or "Post" or "Handle" ? type : type + method.Name;
        return char.ToLowerInvariant(name[0]) + name[1..];
    }
}

/// <summary>What the ledger's route and query parameters mean, by name.</summary>
public static class Parameters
{
    private static readonly Dictionary<string, string> Known = new(StringComparer.Ordinal)
    {
        ["consortiumId"] = "The consortium's id.",
        ["memberId"] = "The member library's id.",
        ["member"] = "Only the loans this member borrowed or lent.",
        ["subscriptionId"] = "The shared subscription's id.",
        ["procurementId"] = "The joint procurement's id.",
        ["term"] = "The term's number: 1 for the term contracted, one more for each renewal.",
        ["loanId"] = "The loan or copy request's id.",
        ["keyId"] = "The API key's id.",
        ["assignmentId"] = "The collecting assignment's id.",
        ["disputeId"] = "The dispute's id.",
        ["fiscalYear"] = "The fiscal year, named by the calendar year it starts in (e.g. 2026).",
        ["version"] = "The agreement version number (1, 2, …).",
        ["month"] = "A calendar month, yyyy-MM.",
        ["period"] = "A fiscal period (a month), yyyy-MM.",
        ["asOf"] = "A business date, yyyy-MM-dd: only the facts dated up to it. Default: today in the consortium's time zone.",
        ["knownAt"] = "An instant (e.g. 2026-03-31T23:59:59Z): the answer as the ledger knew it then.",
        ["limit"] = "Items per page (default 100, at most Limits:MaxPageSize, default 500).",
        ["offset"] = "How many items to skip (default 0).",
        ["page"] = "The page of statement lines (from 1).",
        ["pageSize"] = "Statement lines per page.",
        ["account"] = "Only postings to this ledger account.",
        ["from"] = "The first date of the postings, yyyy-MM-dd.",
        ["to"] = "The last date of the postings, yyyy-MM-dd.",
        ["subject"] = "The subject, as a classification code or heading (e.g. QA76).",
        ["action"] = "The ISO 18626 step to record.",
    };

    public static string Describe(string name, string template) =>
        Known.TryGetValue(name, out var d) ? d : name;
}
