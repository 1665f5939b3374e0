namespace SharingLedger.Infrastructure.Api;

/// <summary>
/// The route parameter <see cref="Parameter"/> of this endpoint names a member of <see cref="EnumType"/> (camel-cased); the
/// OpenAPI document lists the names. The slice declares it on its endpoint, so the document's code names no slice's types.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class PathEnumAttribute(string parameter, Type enumType) : Attribute
{
    public string Parameter { get; } = parameter;
    public Type EnumType { get; } = enumType;
}
