using System.Text.Json;

namespace SharingLedger.Tests.Procurement;

/// <summary>Reading the procurement bodies the tests look at.</summary>
internal static class ProcurementJson
{
    public static Guid Id(this JsonElement body) => body.GetProperty("id").GetGuid();

    public static string Amount(this JsonElement money) => money.GetProperty("amount").GetString()!;

    /// <summary>The apportioned lines as member id → amount.</summary>
    public static Dictionary<Guid, string> Shares(this JsonElement procurement) =>
        procurement.GetProperty("apportionment").GetProperty("lines").EnumerateArray()
            .ToDictionary(l => l.GetProperty("memberId").GetGuid(), l => l.GetProperty("amount").Amount());

    public static JsonElement Line(this JsonElement procurement, Guid memberId) =>
        procurement.GetProperty("apportionment").GetProperty("lines").EnumerateArray().Single(l => l.GetProperty("memberId").GetGuid() == memberId);

    public static bool HasError(this JsonElement problem, string field) =>
        problem.TryGetProperty("errors", out var errors) && errors.TryGetProperty(field, out _);

    public static IEnumerable<JsonElement> ProcurementItems(this JsonElement obligations) =>
        obligations.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("kind").GetString() == "procurement");
}
