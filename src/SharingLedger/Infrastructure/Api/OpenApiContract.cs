using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using NodaTime;
using SharingLedger.Kernel.Money;
using Wolverine.Http;

namespace SharingLedger.Infrastructure.Api;

/// <summary>
/// Makes <c>/openapi/v1.json</c> a truthful contract a generator can build a client from: the ledger's scalar types
/// (Money, NodaTime dates and instants) as their JSON text, the security schemes and each operation's requirement,
/// one tag per capability, summaries from the endpoints' doc comments, every parameter and header described, and one
/// problem-details schema for every error answer. What each endpoint answers is declared on the endpoint itself
/// (<c>[ProducesResponseType]</c>, <c>[Produces]</c>); this only fills in what is common to all of them.
/// </summary>
public static class OpenApiContract
{
    public const string ApiKeyScheme = "apiKey";
    public const string BearerScheme = "bearer";
    public const string ProblemSchema = "Problem";
    public const string CorrelationHeader = "X-Correlation-Id";

    public static IServiceCollection AddLedgerOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(o =>
        {
            o.CreateSchemaReferenceId = type => SchemaNames.TryGetValue(type.Type, out var name) ? name
                : Nullable.GetUnderlyingType(type.Type) is { } inner && SchemaNames.TryGetValue(inner, out var innerName) ? innerName
                : OpenApiOptions.CreateDefaultSchemaReferenceId(type);
            o.AddSchemaTransformer(TransformSchema);
            o.AddOperationTransformer((operation, context, ct) =>
                context.ApplicationServices.GetService<IOpenApiAccess>()?.DescribeAsync(operation, context, ct) ?? Task.CompletedTask);
            o.AddOperationTransformer<OperationContract>();
            o.AddDocumentTransformer<DocumentContract>();
        });

    private static readonly Dictionary<Type, string> SchemaNames = new()
    {
        [typeof(Money)] = "Money",
        [typeof(JsonElement)] = "CounterReport", // the only JSON taken as it comes: COUNTER R5 reports
    };

    // ---- Schemas ----------------------------------------------------------------------------------------------------

    private static Task TransformSchema(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        var type = context.JsonTypeInfo.Type;
        var nullable = Nullable.GetUnderlyingType(type) is not null;
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (Numbers.TryGetValue(type, out var number))
        {
            // The strict input converters (InputConverters) hide numbers' JSON type from the generator: state it again.
            // A nullable property may hold null; a nullable parameter is only optional.
            schema.Type = nullable && context.JsonPropertyInfo is not null ? number.Type | JsonSchemaType.Null : number.Type;
            schema.Format ??= number.Format;
            return Task.CompletedTask;
        }
        if (type == typeof(Money)) DescribeMoney(schema);
        else if (Scalars.TryGetValue(type, out var scalar)) Scalar(schema, scalar.Format, scalar.Description, scalar.Pattern);
        else if (type == typeof(DateInterval)) DescribeInterval(schema);
        else if (type == typeof(JsonElement)) schema.Description = "A COUNTER R5 report as JSON (or an array of them), as the vendor's platform gives it.";
        else if (type.IsEnum)
        {
            // The enum is one shared component: null belongs to the nullable property that refers to it, not to the enum.
            schema.Type = JsonSchemaType.String;
            if (schema.Enum is { } values) schema.Enum = values.Where(v => v is not null).ToList();
            // A slice describes its enum with [Description] on the enum type.
            schema.Description ??= type.GetCustomAttribute<System.ComponentModel.DescriptionAttribute>()?.Description;
        }

        // Properties holding role names are string enums over the ledger's roles.
        if (schema.Properties is { } properties)
            foreach (var (name, property) in properties)
                if (name is "roles" && property is OpenApiSchema { Items: OpenApiSchema items } && items.Type?.HasFlag(JsonSchemaType.String) == true
                    && context.ApplicationServices.GetService<IOpenApiAccess>() is { } access)
                    items.Enum = access.RoleNames.Select(r => (JsonNode)JsonValue.Create(r)!).ToList();
        return Task.CompletedTask;
    }

    private static readonly Dictionary<Type, (JsonSchemaType Type, string Format)> Numbers = new()
    {
        [typeof(int)] = (JsonSchemaType.Integer, "int32"), [typeof(long)] = (JsonSchemaType.Integer, "int64"),
        [typeof(short)] = (JsonSchemaType.Integer, "int32"), [typeof(decimal)] = (JsonSchemaType.Number, "double"),
        [typeof(double)] = (JsonSchemaType.Number, "double"), [typeof(float)] = (JsonSchemaType.Number, "float"),
    };

    private static void DescribeMoney(OpenApiSchema schema)
    {
        schema.Type = JsonSchemaType.Object;
        schema.Description = "An amount of one ISO 4217 currency: the amount as decimal text with the currency's minor units, never a binary number.";
        schema.Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["amount"] = new OpenApiSchema
            {
                Type = JsonSchemaType.String, Pattern = @"^-?[0-9]+(\.[0-9]+)?$",
                Description = "Decimal text in major units, e.g. \"27000.00\" (as many decimals as the currency has).",
                Examples = [JsonValue.Create("27000.00")!],
            },
            ["currency"] = new OpenApiSchema
            {
                Type = JsonSchemaType.String, Pattern = "^[A-Z]{3}$", Description = "ISO 4217 currency code.", Examples = [JsonValue.Create("EUR")!],
            },
        };
        schema.Required = new HashSet<string> { "amount", "currency" };
        schema.AdditionalPropertiesAllowed = false;
    }

    private static void DescribeInterval(OpenApiSchema schema)
    {
        schema.Type = JsonSchemaType.Object;
        schema.Description = "A range of calendar dates, both ends included.";
        schema.Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["start"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "date", Description = "The first day." },
            ["end"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "date", Description = "The last day." },
        };
        schema.Required = new HashSet<string> { "start", "end" };
    }

    private sealed record ScalarType(string? Format, string Description, string? Pattern = null);

    private static readonly Dictionary<Type, ScalarType> Scalars = new()
    {
        [typeof(LocalDate)] = new("date", "An ISO 8601 calendar date, yyyy-MM-dd."),
        [typeof(Instant)] = new("date-time", "An instant, ISO 8601 in UTC, e.g. 2026-03-31T23:59:59Z."),
        [typeof(OffsetDateTime)] = new("date-time", "A date and time with its UTC offset, ISO 8601."),
        [typeof(LocalDateTime)] = new(null, "A date and time without a time zone, ISO 8601 (yyyy-MM-ddTHH:mm:ss)."),
        [typeof(LocalTime)] = new(null, "A time of day, HH:mm:ss.", @"^[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?$"),
        [typeof(YearMonth)] = new(null, "A calendar month, yyyy-MM.", "^[0-9]{4}-[0-9]{2}$"),
        [typeof(DateTimeZone)] = new(null, "An IANA time zone id, e.g. Asia/Shanghai."),
        [typeof(Duration)] = new(null, "A duration, -D:hh:mm:ss.FFFFFFFFF."),
        [typeof(Period)] = new("duration", "An ISO 8601 period, e.g. P1M."),
    };

    private static void Scalar(OpenApiSchema schema, string? format, string description, string? pattern)
    {
        schema.Type = JsonSchemaType.String; // a shared component, like the enums: null is the referring property's business
        schema.Format = format;
        schema.Pattern = pattern;
        schema.Description ??= description;
        schema.Properties = null;
        schema.AdditionalPropertiesAllowed = true;
    }
}
