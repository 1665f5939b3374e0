using System.Text.Json;

namespace SharingLedger.Infrastructure.Json;

/// <summary>
/// A value in a request body that the ledger refuses while reading it: 400 when it cannot be read as what the field
/// holds, 422 when it can but breaks a rule (an amount more exact than its currency, a date outside the ledger's range).
/// It is a <see cref="JsonException"/> so that System.Text.Json sets <see cref="JsonException.Path"/> to the field;
/// <see cref="Suffix"/> continues that path inside the value (<c>.amount</c>, <c>[2]</c>).
/// </summary>
public sealed class InputRejectedException(int status, string message, string suffix = "") : JsonException(message)
{
    public int Status { get; } = status;
    public string Suffix { get; } = suffix;

    /// <summary>The field as the API names it: <c>$.participants[2].from</c> is <c>participants[2].from</c>.</summary>
    public static string FieldOf(string? jsonPath, string suffix = "")
    {
        var path = (jsonPath ?? "$").TrimStart('$').TrimStart('.') + suffix;
        return path.TrimStart('.') is { Length: > 0 } field ? field : "body";
    }
}
