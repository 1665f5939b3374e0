using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using NodaTime;
using NodaTime.Serialization.SystemTextJson;
using SharingLedger.Infrastructure.Http;
using SharingLedger.Kernel.Money;

namespace SharingLedger.Infrastructure.Json;

/// <summary>
/// The converters that read HTTP request bodies strictly (registered ahead of the general ones, HTTP only; stored events
/// and documents are read as before). Each refuses with an <see cref="InputRejectedException"/> that names the field
/// and says in plain words what is wrong, never with a .NET type name.
/// </summary>
public static class InputConverters
{
    /// <summary>The business dates and instants the ledger takes in: 1900-01-01 to 2200-12-31 (UTC for instants).</summary>
    public static readonly LocalDate EarliestDate = new(1900, 1, 1);
    public static readonly LocalDate LatestDate = new(2200, 12, 31);
    public const string DateRange = "Must be from 1900-01-01 to 2200-12-31.";

    public static bool InRange(LocalDate date) => date >= EarliestDate && date <= LatestDate;
    public static bool InRange(Instant instant) => InRange(instant.InUtc().Date);

    public static IEnumerable<JsonConverter> All() =>
    [
        new MoneyJsonConverter(strict: true),
        new MoneyInputConverter(),
        new LocalDateInputConverter(),
        new InstantInputConverter(),
        new DecimalInputConverter(),
        new Int32InputConverter(),
        new Int64InputConverter(),
    ];

    internal static string NumberText(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Number ? Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan) : "";
}

/// <summary>An amount object of a request: exactly <c>amount</c> (a decimal string) and <c>currency</c>, exact in the currency, within range.</summary>
public sealed class MoneyInputConverter : JsonConverter<MoneyInput>
{
    public override MoneyInput Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var (amount, currency) = MoneyJsonConverter.ReadParts(ref reader, strict: true);
        if (!Money.TryParseInput(amount, currency, out _, out var error)) throw new InputRejectedException(422, error);
        return new MoneyInput(amount!, currency!);
    }

    public override void Write(Utf8JsonWriter writer, MoneyInput value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString("amount", value.Amount);
        writer.WriteString("currency", value.Currency);
        writer.WriteEndObject();
    }
}

public sealed class LocalDateInputConverter : JsonConverter<LocalDate>
{
    public override LocalDate Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String) throw new InputRejectedException(400, "Must be an ISO date in quotes, e.g. \"2026-01-01\".");
        // NodaTime's parser stops at a NUL, so "2026-01-01\u0000" would pass as a date: refused first.
        var text = reader.GetString()!;
        if (text.Contains('\0')) throw new InputRejectedException(400, "Must be an ISO date, e.g. 2026-01-01, with nothing after it.");
        var parsed = NodaTime.Text.LocalDatePattern.Iso.Parse(text);
        if (!parsed.Success) throw new InputRejectedException(400, "Must be an ISO date, e.g. 2026-01-01.");
        if (!InputConverters.InRange(parsed.Value)) throw new InputRejectedException(422, InputConverters.DateRange);
        return parsed.Value;
    }

    public override void Write(Utf8JsonWriter writer, LocalDate value, JsonSerializerOptions options) =>
        NodaConverters.LocalDateConverter.Write(writer, value, options);
}

public sealed class InstantInputConverter : JsonConverter<Instant>
{
    public override Instant Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String) throw new InputRejectedException(400, "Must be an ISO instant in quotes, e.g. \"2026-01-01T00:00:00Z\".");
        var text = reader.GetString()!;
        if (text.Contains('\0')) throw new InputRejectedException(400, "Must be an ISO instant, e.g. 2026-01-01T00:00:00Z, with nothing after it.");
        var parsed = NodaTime.Text.InstantPattern.ExtendedIso.Parse(text);
        if (!parsed.Success) throw new InputRejectedException(400, "Must be an ISO instant in UTC, e.g. 2026-01-01T00:00:00Z.");
        if (!InputConverters.InRange(parsed.Value)) throw new InputRejectedException(422, InputConverters.DateRange);
        return parsed.Value;
    }

    public override void Write(Utf8JsonWriter writer, Instant value, JsonSerializerOptions options) =>
        NodaConverters.InstantConverter.Write(writer, value, options);
}

/// <summary>
/// A decimal (a rate, a quantity, a weight): a JSON number within the decimal range. Beyond it the number cannot be read
/// as the field's number at all: a 400 naming the field (as for whole numbers), not a crash. Amounts are money, whose
/// range is the ledger's rule: those are 422s (see <see cref="MoneyJsonConverter"/>).
/// </summary>
public sealed class DecimalInputConverter : JsonConverter<decimal>
{
    public override decimal Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.Number) throw new InputRejectedException(400, "Must be a number.");
        if (reader.TryGetDecimal(out var value)) return value;
        throw new InputRejectedException(400, $"{InputConverters.NumberText(ref reader)} is out of range: at most 28 significant digits, below 7.9e28.");
    }

    public override void Write(Utf8JsonWriter writer, decimal value, JsonSerializerOptions options) => writer.WriteNumberValue(value);
}

public sealed class Int32InputConverter : JsonConverter<int>
{
    public override int Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.Number) throw new InputRejectedException(400, "Must be a whole number.");
        if (reader.TryGetInt32(out var value)) return value;
        throw new InputRejectedException(400, $"{InputConverters.NumberText(ref reader)} is not a whole number from {int.MinValue} to {int.MaxValue}.");
    }

    public override void Write(Utf8JsonWriter writer, int value, JsonSerializerOptions options) => writer.WriteNumberValue(value);
}

public sealed class Int64InputConverter : JsonConverter<long>
{
    public override long Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.Number) throw new InputRejectedException(400, "Must be a whole number.");
        if (reader.TryGetInt64(out var value)) return value;
        throw new InputRejectedException(400, $"{InputConverters.NumberText(ref reader)} is not a whole number from {long.MinValue} to {long.MaxValue}.");
    }

    public override void Write(Utf8JsonWriter writer, long value, JsonSerializerOptions options) => writer.WriteNumberValue(value);
}
