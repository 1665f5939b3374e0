using System.Text.Json;
using System.Text.Json.Serialization;
using SharingLedger.Kernel.Money;

namespace SharingLedger.Infrastructure.Json;

/// <summary>Money in JSON, stored and served alike: <c>{"amount":"27000.00","currency":"CNY"}</c>, never a binary float.</summary>
public sealed class MoneyJsonConverter : JsonConverter<Money>
{
    public override Money Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException("Money must be an object with amount and currency.");
        string? amount = null, currency = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString();
            reader.Read();
            switch (name?.ToLowerInvariant())
            {
                case "amount": amount = reader.TokenType == JsonTokenType.String ? reader.GetString() : reader.GetDecimal().ToString(System.Globalization.CultureInfo.InvariantCulture); break;
                case "currency": currency = reader.GetString(); break;
                default: reader.Skip(); break;
            }
        }
        if (!Money.TryParse(amount, currency, out var money, out var error)) throw new JsonException(error);
        return money;
    }

    public override void Write(Utf8JsonWriter writer, Money value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString("amount", value.ToDecimalString());
        writer.WriteString("currency", value.Currency);
        writer.WriteEndObject();
    }
}
