using System.Text.Json;
using System.Text.Json.Serialization;
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
