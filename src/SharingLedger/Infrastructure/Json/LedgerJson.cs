using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using NodaTime;
using NodaTime.Serialization.SystemTextJson;

namespace SharingLedger.Infrastructure.Json;

/// <summary>
/// The JSON conventions of events, documents and HTTP: camelCase properties, NodaTime as ISO text, Money as
/// decimal strings. Enums are camelCase names over HTTP; in storage Marten's own enum converter (C# names) runs first.
/// </summary>
public static class LedgerJson
{
    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.DictionaryKeyPolicy = null;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.Converters.Add(new MoneyJsonConverter());
        options.ConfigureForNodaTime(DateTimeZoneProviders.Tzdb);
        return options;
    }

    /// <summary>
    /// Events and documents as Marten stores them: the same conventions, less the properties marked <see cref="NotStoredAttribute"/>
    /// (worked out from the others, so kept out of the stored JSON and still in the API's answers).
    /// </summary>
    public static JsonSerializerOptions ConfigureForStorage(JsonSerializerOptions options)
    {
        Configure(options);
        options.TypeInfoResolver = (options.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver()).WithAddedModifier(LeaveOutNotStored);
        return options;
    }

    private static void LeaveOutNotStored(JsonTypeInfo info)
    {
        if (info.Kind != JsonTypeInfoKind.Object) return;
        for (var i = info.Properties.Count - 1; i >= 0; i--)
            if (info.Properties[i].AttributeProvider?.IsDefined(typeof(NotStoredAttribute), true) == true) info.Properties.RemoveAt(i);
    }

    /// <summary>
    /// HTTP input is strict: a field the API does not know is an error, not silently dropped; amounts, dates and numbers
    /// are read by <see cref="InputConverters"/> (ahead of the general converters), which refuse what is out of range.
    /// </summary>
    public static JsonSerializerOptions ConfigureForHttp(JsonSerializerOptions options)
    {
        Configure(options);
        var strict = InputConverters.All().ToList();
        for (var i = 0; i < strict.Count; i++) options.Converters.Insert(i, strict[i]);
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.NumberHandling = JsonNumberHandling.Strict;
        return options;
    }
}

/// <summary>
/// A property of a document worked out from its other properties (a subscription's current term, a term's latest split): shown in the
/// API's answers, left out of the document Marten stores (<see cref="LedgerJson.ConfigureForStorage"/>). Never on a property a query,
/// an index or PostgreSQL reads from the stored JSON.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class NotStoredAttribute : Attribute;
