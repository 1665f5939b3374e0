using System.Text.Json;
using System.Text.Json.Serialization;
using SharingLedger.Kernel.Money;

namespace SharingLedger.Infrastructure.Json;

/// <summary>
/// Money in JSON, stored and served alike: <c>{"amount":"27000.00","currency":"CNY"}</c>, never a binary float.
/// Strict (HTTP requests): any other property in the object is refused (400), and the amount must be exact in its
/// currency and within the ledger's range (422), each naming the field.
/// </summary>
public sealed class MoneyJsonConverter(bool strict = false) : JsonConverter<Money>
{
    public MoneyJsonConverter() : this(false) { }

    public override Money Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var (amount, currency) = ReadParts(ref reader, strict);
        if (strict)
        {
            if (!Money.TryParseInput(amount, currency, out var input, out var refused)) throw new InputRejectedException(422, refused);
            return input;
        }
        if (!Money.TryParse(amount, currency, out var money, out var error)) throw new JsonException(error);
        return money;
    }

    /// <summary>Reads <c>amount</c> (a decimal string, or a number taken as written) and <c>currency</c> from a money object.</summary>
    internal static (string? Amount, string? Currency) ReadParts(ref Utf8JsonReader reader, bool strict)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            if (strict) throw new InputRejectedException(400, "Must be an object with amount and currency, e.g. {\"amount\":\"12.50\",\"currency\":\"USD\"}.");
            throw new JsonException("Money must be an object with amount and currency.");
        }
        string? amount = null, currency = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString();
            reader.Read();
            switch (name?.ToLowerInvariant())
            {
                case "amount":
                    amount = reader.TokenType switch
                    {
                        JsonTokenType.String => reader.GetString(),
                        // The number's own digits: a decimal of them would round beyond 28 digits, or overflow.
                        JsonTokenType.Number when strict => InputConverters.NumberText(ref reader),
                        _ when strict => throw new InputRejectedException(400, "Must be a decimal string, e.g. \"12.50\".", ".amount"),
                        _ => reader.GetDecimal().ToString(System.Globalization.CultureInfo.InvariantCulture),
                    };
                    break;
                case "currency":
                    if (strict && reader.TokenType != JsonTokenType.String)
                        throw new InputRejectedException(400, "Must be an ISO 4217 code in quotes, e.g. \"USD\".", ".currency");
                    currency = reader.GetString();
                    break;
                default:
                    if (strict) throw new InputRejectedException(400, $"Unknown field '{name}': an amount has only amount and currency.", $".{name}");
                    reader.Skip();
                    break;
            }
        }
        return (amount, currency);
    }

    public override void Write(Utf8JsonWriter writer, Money value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString("amount", value.ToDecimalString());
        writer.WriteString("currency", value.Currency);
        writer.WriteEndObject();
    }
}
